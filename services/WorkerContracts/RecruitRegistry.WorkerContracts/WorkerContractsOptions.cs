using System.ComponentModel.DataAnnotations;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.WorkerContracts;

/// <summary>Settings of the WorkerContracts service; bound from "WorkerContracts".</summary>
public sealed class WorkerContractsOptions
{
    public const string Section = "WorkerContracts";

    [Required]
    public DatabaseOptions Database { get; set; } = new();
}
