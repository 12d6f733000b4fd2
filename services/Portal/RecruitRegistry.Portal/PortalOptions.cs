using System.ComponentModel.DataAnnotations;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Portal;

/// <summary>The worker portal's settings; bound from "Portal".</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>The gRPC addresses of the three services (the standalone host points all three at itself).</summary>
    [Required]
    public Uri? Licensing { get; set; }

    [Required]
    public Uri? WorkerContracts { get; set; }

    [Required]
    public Uri? FeeAudits { get; set; }

    /// <summary>
    /// Where the keys that protect the antiforgery and language cookies are kept; unset, ASP.NET Core's default
    /// (a restart then invalidates forms open in a browser, nothing else). Portal processes behind one address share it.
    /// </summary>
    public string? KeysDirectory { get; set; }

    /// <summary>
    /// The address the printed copy's QR code points to ("https://registry.example.gov"); unset, the address the copy was
    /// requested on. Set it wherever the portal is reached through a proxy, so a Host header cannot redirect the code.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>
    /// Each authority's hotline for workers, by country ("NP" → "Department of Foreign Employment: 1141"), printed on the
    /// contract copy. shared/reference holds no hotline numbers, so none is set by default.
    /// </summary>
    public Dictionary<string, string> Hotlines { get; set; } = [];

    /// <summary>
    /// The corridors offered on the fee check, "NP-QA". The defaults are shared/reference/corridors.md's "corridors to
    /// seed as defaults"; a corridor without rules in force answers "cannot be judged", never "legal".
    /// </summary>
    public List<string> Corridors { get; set; } =
    [
        "NP-QA", "NP-MY", "NP-AE", "NP-SA", "PH-SA", "PH-AE", "PH-TW", "BD-MY", "BD-SA", "ID-TW", "ID-MY", "LK-AE", "IN-AE",
        "PK-SA", "VN-TW", "VN-JP",
    ];

    /// <summary>The currencies the fee forms offer: those of the corridors' countries, and US dollars, which agencies often ask for.</summary>
    public IReadOnlyList<string> Currencies() =>
        [.. Corridors.SelectMany(c => new[] { IsoCodes.CurrencyOf(c[..2]), IsoCodes.CurrencyOf(c[3..]) }).Append("USD").OfType<string>().Distinct().Order()];
}
