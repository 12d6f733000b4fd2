using System.ComponentModel.DataAnnotations;

namespace RecruitRegistry.AuthorityConsole;

/// <summary>The authority console's settings; bound from "Console". Sign-in comes from "Auth" (docs/console.md).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The gRPC addresses of the three services (the standalone host points all three at itself).</summary>
    [Required]
    public Uri? Licensing { get; set; }

    [Required]
    public Uri? WorkerContracts { get; set; }

    [Required]
    public Uri? FeeAudits { get; set; }

    /// <summary>Where the keys that protect the sign-in and antiforgery cookies are kept; console processes behind one address share it.</summary>
    public string? KeysDirectory { get; set; }

    /// <summary>The console's client at the OpenID Connect issuer (Auth:Authority); its secret comes from the environment.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>How long a sign-in lasts without use.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "12:00:00")]
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromHours(8);
}
