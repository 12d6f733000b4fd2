using System.Security.Cryptography;

namespace RecruitRegistry.WorkerContracts.Model;

/// <summary>
/// Crockford's base 32 (digits and upper-case letters without I, L, O and U, so nothing reads as something else), with a
/// Luhn mod 32 check character that catches every single wrong character and every swap of two neighbours except "0Z" and
/// "Z0" (the algorithm's one blind spot, like Luhn's 09/90). Verification codes carry the check; references and
/// fingerprint codes are written in the same alphabet.
/// </summary>
internal static class Base32
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The first <paramref name="characters"/> × 5 bits of the bytes, as characters.</summary>
    public static string FromBits(ReadOnlySpan<byte> bytes, int characters)
    {
        if (characters * 5 > bytes.Length * 8)
        {
            throw new ArgumentOutOfRangeException(nameof(characters), "not enough bits");
        }

        var chars = new char[characters];
        for (var i = 0; i < characters; i++)
        {
            var value = 0;
            for (var b = 0; b < 5; b++)
            {
                var bit = (i * 5) + b;
                value = (value << 1) | ((bytes[bit / 8] >> (7 - (bit % 8))) & 1);
            }

            chars[i] = Alphabet[value];
        }

        return new string(chars);
    }

    /// <summary>Uniformly random characters from a cryptographic source.</summary>
    public static string Random(int characters) => FromBits(RandomNumberGenerator.GetBytes(((characters * 5) + 7) / 8), characters);

    /// <summary>
    /// What a person typed, read leniently: case, spaces and hyphens ignored, O read as 0 and I or L as 1. Null when a
    /// character cannot be read.
    /// </summary>
    public static string? Normalize(string input)
    {
        var chars = new List<char>(input.Length);
        foreach (var c in input.ToUpperInvariant())
        {
            switch (c)
            {
                case ' ' or '-':
                    continue;
                case 'O':
                    chars.Add('0');
                    break;
                case 'I' or 'L':
                    chars.Add('1');
                    break;
                default:
                    if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
                    {
                        return null;
                    }

                    chars.Add(c);
                    break;
            }
        }

        return new string([.. chars]);
    }

    /// <summary>The Luhn mod 32 check character of a payload.</summary>
    public static char CheckCharacter(string payload)
    {
        var sum = 0;
        var factor = 2;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(payload[i], StringComparison.Ordinal);
            factor = factor == 2 ? 1 : 2;
            sum += (addend / 32) + (addend % 32);
        }

        return Alphabet[(32 - (sum % 32)) % 32];
    }

    /// <summary>True when the last character is the check character of the others.</summary>
    public static bool HasValidCheck(string normalized) =>
        normalized.Length >= 2 && CheckCharacter(normalized[..^1]) == normalized[^1];

    /// <summary>Groups of four for reading aloud and printing: "7K3M-9QXR-2B4H".</summary>
    public static string Grouped(string value) =>
        string.Join('-', value.Chunk(4).Select(c => new string(c)));
}
