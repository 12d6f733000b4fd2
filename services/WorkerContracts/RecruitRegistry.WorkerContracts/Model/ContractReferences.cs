using System.Globalization;

namespace RecruitRegistry.WorkerContracts.Model;

/// <summary>
/// The reference printed on a worker's copy: origin, destination, two-digit year of registration and six random base-32
/// characters (30 bits), e.g. "NP-QA-26-7K3M9Q". It names a contract; it proves nothing without the verification code.
/// </summary>
internal static class ContractReferences
{
    public const int RandomCharacters = 6;

    public static string New(string origin, string destination, DateTimeOffset registeredAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{origin}-{destination}-{registeredAt.UtcDateTime:yy}-{Base32.Random(RandomCharacters)}");

    /// <summary>The reference in its canonical form, or null when it cannot be one (read leniently like a code).</summary>
    public static string? Normalize(string input)
    {
        var parts = input.Trim().ToUpperInvariant().Split('-');
        if (parts.Length != 4 || parts[0].Length != 2 || parts[1].Length != 2 || parts[2].Length != 2
            || !parts[0].All(char.IsAsciiLetterUpper) || !parts[1].All(char.IsAsciiLetterUpper) || !parts[2].All(char.IsAsciiDigit))
        {
            return null;
        }

        var tail = Base32.Normalize(parts[3]);
        return tail is { Length: RandomCharacters } ? $"{parts[0]}-{parts[1]}-{parts[2]}-{tail}" : null;
    }
}
