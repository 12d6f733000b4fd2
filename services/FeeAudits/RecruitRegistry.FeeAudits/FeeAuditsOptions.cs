using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.FeeAudits;

/// <summary>Settings of the FeeAudits service; bound from "FeeAudits".</summary>
public sealed class FeeAuditsOptions
{
    public const string Section = "FeeAudits";

    [Required]
    [ValidateObjectMembers]
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>
    /// Days an agency has to appeal a confirmed case (the default; a corridor authority's own rule belongs in
    /// data once one is supplied).
    /// </summary>
    [Range(1, 365)]
    public int AppealWindowDays { get; set; } = 30;

    /// <summary>
    /// Reports suppress every count of fewer workers than this (statistical disclosure control, docs/reports.md). Five is
    /// the threshold of Eurostat's and most national statistics offices' frequency rule for tables of persons.
    /// </summary>
    [Range(3, 100)]
    public int MinimumCellSize { get; set; } = 5;

    /// <summary>How often refunds past their due day are marked overdue.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Checks <see cref="FeeAuditsOptions"/> and its nested settings (generated at compile time; see SettingsValidation).</summary>
[OptionsValidator]
public sealed partial class FeeAuditsOptionsValidator : IValidateOptions<FeeAuditsOptions>;
