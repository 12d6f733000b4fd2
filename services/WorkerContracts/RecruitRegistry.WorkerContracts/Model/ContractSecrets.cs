using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Security;

namespace RecruitRegistry.WorkerContracts.Model;

/// <summary>
/// The service's keyed secrets, each derived from the configured secret key with HKDF under its own label:
/// <list type="bullet">
/// <item>the verification code of a contract: 55 bits of HMAC-SHA256(code key, contract id) and a check character. It is
/// never stored; deriving it lets a retried registration return the first answer. Against anyone without the key it is
/// as unpredictable as 55 random bits.</item>
/// <item>the stored hash of a code: HMAC-SHA256(code-hash key, contract id ":" code), compared in constant time.</item>
/// <item>the passport hash for look-ups: HMAC-SHA256(passport key, passport number in upper case without spaces or
/// hyphens).</item>
/// </list>
/// A copy of the database alone therefore reveals no code and no passport number.
/// </summary>
internal sealed class ContractSecrets
{
    public const int CodeCharacters = 11; // 55 bits, plus one check character

    private readonly byte[] codeKey;
    private readonly byte[] codeHashKey;
    private readonly byte[] passportKey;

    public ContractSecrets(IOptions<WorkerContractsOptions> options)
    {
        var o = options.Value;
        var master = Convert.FromBase64String(string.IsNullOrEmpty(o.SecretKey) ? KeyFiles.LoadOrCreate(o.SecretKeyFile!) : o.SecretKey);
        codeKey = Derive(master, "verification-code/v1");
        codeHashKey = Derive(master, "verification-code-hash/v1");
        passportKey = Derive(master, "passport-hash/v1");
    }

    /// <summary>The contract's verification code, normalized (12 characters, the last one the check).</summary>
    public string VerificationCode(Guid contractId)
    {
        var payload = Base32.FromBits(HMACSHA256.HashData(codeKey, contractId.ToByteArray(bigEndian: true)), CodeCharacters);
        return payload + Base32.CheckCharacter(payload);
    }

    public string CodeHash(Guid contractId, string normalizedCode) =>
        Hmac(codeHashKey, $"{contractId:D}:{normalizedCode}");

    /// <summary>True when the code's hash equals the stored one, in time independent of where they differ.</summary>
    public bool CodeMatches(Guid contractId, string normalizedCode, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(CodeHash(contractId, normalizedCode)), Encoding.ASCII.GetBytes(storedHash));

    public string PassportHash(string passportNumber) => Hmac(passportKey, NormalizePassport(passportNumber));

    public static string NormalizePassport(string passportNumber) =>
        new(passportNumber.ToUpperInvariant().Where(c => c is not (' ' or '-')).ToArray());

    private static byte[] Derive(byte[] master, string label) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, salt: Encoding.ASCII.GetBytes("recruitregistry/contracts"), info: Encoding.ASCII.GetBytes(label));

    private static string Hmac(byte[] key, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
}
