using System.ComponentModel.DataAnnotations;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.Licensing;

/// <summary>Settings of the Licensing service; bound from "Licensing".</summary>
public sealed class LicensingOptions
{
    public const string Section = "Licensing";

    [Required]
    public DatabaseOptions Database { get; set; } = new();
}
