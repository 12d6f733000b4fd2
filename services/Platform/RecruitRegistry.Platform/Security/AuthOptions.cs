using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RecruitRegistry.Platform.Security;

/// <summary>
/// How bearer tokens are validated; bound from "Auth". Either a symmetric signing key (development and
/// the standalone mode, where the CLI mints tokens) or an OIDC authority (production), never both.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    [Required]
    public string Issuer { get; set; } = "recruitregistry";

    [Required]
    public string Audience { get; set; } = "recruitregistry";

    /// <summary>Base64 HMAC-SHA256 key, at least 256 bits. Comes from configuration or the environment, never from the repository.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Standalone: a file holding the development key, created on first start when SigningKey is empty.</summary>
    public string? DevelopmentKeyFile { get; set; }

    /// <summary>OIDC issuer whose published keys validate tokens (production).</summary>
    public string? Authority { get; set; }

    /// <summary>
    /// Whether the issuer's metadata and keys must come over HTTPS. Only a test issuer on loopback turns it off: over plain
    /// HTTP anyone on the path could hand the services keys of their own.
    /// </summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Lifetime of tokens the development token command mints.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DevelopmentTokenLifetime { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>
/// Checks the annotations of <see cref="AuthOptions"/> (generated at compile time; see SettingsValidation);
/// <see cref="AuthOptionsValidator"/> checks the keys.
/// </summary>
[OptionsValidator]
public sealed partial class AuthOptionsAnnotationsValidator : IValidateOptions<AuthOptions>;

/// <summary>Exactly one way to validate tokens, and a key long enough.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var hasKey = !string.IsNullOrEmpty(options.SigningKey) || !string.IsNullOrEmpty(options.DevelopmentKeyFile);
        var hasAuthority = !string.IsNullOrEmpty(options.Authority);
        if (hasKey == hasAuthority)
        {
            return ValidateOptionsResult.Fail(
                "Auth: set exactly one of SigningKey (or DevelopmentKeyFile) and Authority.");
        }

        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            try
            {
                if (Convert.FromBase64String(options.SigningKey).Length < 32)
                {
                    return ValidateOptionsResult.Fail("Auth:SigningKey must hold at least 256 bits.");
                }
            }
            catch (FormatException)
            {
                return ValidateOptionsResult.Fail("Auth:SigningKey must be base64.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
