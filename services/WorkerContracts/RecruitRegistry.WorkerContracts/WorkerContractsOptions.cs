using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.WorkerContracts;

/// <summary>Settings of the WorkerContracts service; bound from "WorkerContracts".</summary>
public sealed class WorkerContractsOptions : IValidatableObject
{
    public const string Section = "WorkerContracts";

    [Required]
    [ValidateObjectMembers]
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>
    /// Base64 of at least 32 random bytes, from the environment or a secret store, never from the repository. The keys
    /// of the verification codes, their hashes and the passport hashes are derived from it (HKDF). Changing it makes every
    /// issued verification code unverifiable.
    /// </summary>
    public string? SecretKey { get; set; }

    /// <summary>Development only: a file holding the secret key, created on first use (the standalone data directory).</summary>
    public string? SecretKeyFile { get; set; }

    [Required]
    [ValidateObjectMembers]
    public VerificationOptions Verification { get; set; } = new();

    /// <summary>
    /// How long VerifyContract may show an agency's licences from memory. The instance that applies a Licensing event
    /// forgets the agency at once; another instance of the service may show the previous state for up to this long.
    /// Zero reads the replica on every verification.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan AgencyCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(SecretKey) && string.IsNullOrEmpty(SecretKeyFile))
        {
            yield return new ValidationResult("set WorkerContracts:SecretKey (base64, 32 bytes or more)", [nameof(SecretKey)]);
        }
        else if (!string.IsNullOrEmpty(SecretKey)
            && (!Convert.TryFromBase64String(SecretKey, new byte[SecretKey.Length], out var length) || length < 32))
        {
            yield return new ValidationResult("WorkerContracts:SecretKey must be base64 of at least 32 bytes", [nameof(SecretKey)]);
        }
    }
}

/// <summary>
/// Limits on failed worker verifications (the seven worker RPCs), against guessing codes: a client that failed this many
/// times within the window is refused with RESOURCE_EXHAUSTED until the window slides past. Never per reference, which
/// would let anyone lock a worker out.
/// </summary>
public sealed class VerificationOptions
{
    [Range(1, 10000)]
    public int FailuresPerClient { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How many VerifyContract reads may run at once. Verifications that arrive while these run wait for the next read
    /// and share it, up to <see cref="ReferencesPerRead"/> in one statement: one at a time gives the largest batches.
    /// </summary>
    [Range(1, 64)]
    public int ConcurrentReads { get; set; } = 1;

    /// <summary>The most verifications one read answers.</summary>
    [Range(1, 1000)]
    public int ReferencesPerRead { get; set; } = 64;
}

/// <summary>Checks <see cref="WorkerContractsOptions"/> and its nested settings (generated at compile time; see SettingsValidation).</summary>
[OptionsValidator]
public sealed partial class WorkerContractsOptionsValidator : IValidateOptions<WorkerContractsOptions>;
