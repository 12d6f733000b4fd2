using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.Licensing;

/// <summary>Settings of the Licensing service; bound from "Licensing".</summary>
public sealed class LicensingOptions
{
    public const string Section = "Licensing";

    [Required]
    [ValidateObjectMembers]
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>
    /// Days an agency has to appeal an adverse decision, unless its authority's rules say otherwise (the issue's
    /// default; per-authority windows belong in data once an authority supplies its own rule).
    /// </summary>
    [Range(1, 365)]
    public int AppealWindowDays { get; set; } = 30;

    /// <summary>A corridor proposed without a threshold suspends an origin licence after this many confirmed fee violations…</summary>
    [Range(1, 100)]
    public int DefaultSuspensionThreshold { get; set; } = 3;

    /// <summary>…within this many months.</summary>
    [Range(1, 120)]
    public int DefaultSuspensionWindowMonths { get; set; } = 12;

    /// <summary>
    /// A corridor proposed without a grievance window lets a worker file until this many months after the contract
    /// ended (the default: three years; a corridor's own rule, with its legal basis, replaces it).
    /// </summary>
    [Range(1, 240)]
    public int DefaultGrievanceWindowMonths { get; set; } = 36;

    /// <summary>What a corridor without its own grievance window cites.</summary>
    [Required]
    public string DefaultGrievanceWindowLegalBasis { get; set; } = "RecruitRegistry default (no corridor rule recorded)";

    /// <summary>No recruitment for work abroad below 18 (ILO Conventions 138 and 182; shared/reference/data-model.md).</summary>
    [Range(18, 18)]
    public int MinimumWorkerAgeFloor { get; set; } = 18;

    /// <summary>
    /// Longest time CheckAuthorization may answer from memory without reading the database again, should a change
    /// notification be lost. Zero reads the database on every check.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan AuthorizationCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the sweep records expiries and lapsed suspensions.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Checks <see cref="LicensingOptions"/> and its nested settings (generated at compile time; see SettingsValidation).</summary>
[OptionsValidator]
public sealed partial class LicensingOptionsValidator : IValidateOptions<LicensingOptions>;
