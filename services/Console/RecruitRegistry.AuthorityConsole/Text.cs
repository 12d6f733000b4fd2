using System.Globalization;
using Microsoft.Extensions.Localization;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.AuthorityConsole;

/// <summary>The console's strings: Resources/ConsoleText.resx (English) and ConsoleText.ar.resx. Enum values are keyed by their proto name ("LICENCE_STATE_SUSPENDED").</summary>
public sealed class ConsoleText;

/// <summary>The console's words in the officer's language, and the values a page shows (dates, money, enums).</summary>
public sealed class Text(IStringLocalizer<ConsoleText> strings)
{
    public string this[string key] => strings[key];

    public string Format(string key, params object[] values) => string.Format(CultureInfo.CurrentCulture, strings[key], values);

    /// <summary>
    /// An enum value: its translation, keyed by the full proto name ("LICENCE_STATE_SUSPENDED"), or where none is given
    /// its name without the prefix, in words ("Suspended").
    /// </summary>
    public string Of<T>(T value, string prefix)
        where T : struct, Enum
    {
        var translated = strings[ProtoEnums.Name(value, "")];
        if (!translated.ResourceNotFound)
        {
            return translated.Value;
        }

        var words = ProtoEnums.Name(value, prefix).Replace('_', ' ').ToLowerInvariant();
        return words.Length == 0 ? "" : char.ToUpperInvariant(words[0]) + words[1..];
    }

    public static string Day(Date? date) =>
        date is { Year: > 0 } d ? new DateOnly(d.Year, d.Month, d.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";

    public static string Moment(Google.Protobuf.WellKnownTypes.Timestamp? at) =>
        at is null ? "" : at.ToDateTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Money as the registry holds it: the exact decimal and its ISO 4217 code.</summary>
    public static string Money(Money? money) => money is null || money.Amount.Length == 0 ? "" : $"{money.Amount} {money.CurrencyCode}";

    public static string Direction(string language) => language is "ar" ? "rtl" : "ltr";
}
