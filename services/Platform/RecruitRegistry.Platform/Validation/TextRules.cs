using System.Text;

namespace RecruitRegistry.Platform.Validation;

/// <summary>What text the registry accepts beyond length and control characters, and how it echoes text back.</summary>
public static class TextRules
{
    /// <summary>
    /// Why the text is refused, or null. Refused: a lone surrogate (text that is not Unicode, e.g. "\ud800" through
    /// JSON), a noncharacter (U+FFFE, U+FFFF, U+FDD0–U+FDEF and the last two code points of every plane: never for
    /// interchange, and .NET's normalization throws on them), and the bidirectional embedding, override and isolate
    /// controls U+202A–U+202E and U+2066–U+2069, which make a name in the public registry display as another (the
    /// "Trojan Source" reordering). The marks U+200E, U+200F and U+061C, which right-to-left text may need, are accepted.
    /// </summary>
    public static string? FirstInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[i + 1]);
                i++;
                if ((codePoint & 0xFFFE) == 0xFFFE)
                {
                    return "must not contain Unicode noncharacters";
                }
            }
            else if (char.IsSurrogate(c))
            {
                return "is not valid Unicode text (a lone surrogate)";
            }
            else if (c is '\uFFFE' or '\uFFFF' or (>= '\uFDD0' and <= '\uFDEF'))
            {
                return "must not contain Unicode noncharacters";
            }
            else if (c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                return "must not contain bidirectional embedding, override or isolate controls (U+202A–U+202E, U+2066–U+2069)";
            }
        }

        return null;
    }

    /// <summary>At most <paramref name="max"/> characters of the text, with every character that is not safe to echo replaced by U+FFFD.</summary>
    public static string Printable(string text, int max)
    {
        var result = new StringBuilder(Math.Min(text.Length, max) + 1);
        foreach (var rune in text.EnumerateRunes()) // a lone surrogate comes as U+FFFD
        {
            if (result.Length >= max)
            {
                return result.Append('…').ToString();
            }

            var safe = Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.Format
                || (rune.Value & 0xFFFE) == 0xFFFE || rune.Value is >= 0xFDD0 and <= 0xFDEF
                ? Rune.ReplacementChar : rune;
            result.Append(safe.ToString());
        }

        return result.ToString();
    }
}
