using System.ComponentModel.DataAnnotations;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.FeeAudits;

/// <summary>Settings of the FeeAudits service; bound from "FeeAudits".</summary>
public sealed class FeeAuditsOptions
{
    public const string Section = "FeeAudits";

    [Required]
    public DatabaseOptions Database { get; set; } = new();
}
