using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Localization;
using RecruitRegistry.Contracts.Common.V1;

namespace RecruitRegistry.Portal;

/// <summary>
/// What the services answer in codes, said in the worker's language: enum values as plain words, money with its
/// currency in the culture's digits grouping (never through a float), dates in the culture's long form.
/// </summary>
public sealed class Words(IStringLocalizer<PortalText> text)
{
    public string this[string key] => text[key];

    public string Format(string key, params object[] arguments) => text[key, arguments];

    /// <summary>"GrievanceKind.WagesWithheld" in the worker's words; an unknown value (a newer service) as its name.</summary>
    public string Of<TEnum>(TEnum value)
        where TEnum : struct, System.Enum => Said($"{typeof(TEnum).Name}.{value}", value.ToString());

    /// <summary>A string in another of the portal's languages (the printed copy is bilingual); English when unknown.</summary>
    public string In(string language, string key)
    {
        var current = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = PortalModule.Languages.Contains(language) ? CultureInfo.GetCultureInfo(language) : CultureInfo.InvariantCulture;
            return text[key];
        }
        finally
        {
            CultureInfo.CurrentUICulture = current;
        }
    }

    public string Country(string code) => Said($"Country.{code}", code);

    /// <summary>"QAR 1,200.00" (as many decimals as the service gave), or an empty string when there is none.</summary>
    public string Money(Money? money)
    {
        if (money is null || string.IsNullOrEmpty(money.Amount))
        {
            return "";
        }

        if (!decimal.TryParse(money.Amount, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            return $"{money.CurrencyCode} {money.Amount}";
        }

        var point = money.Amount.IndexOf('.', StringComparison.Ordinal);
        var decimals = point < 0 ? 0 : money.Amount.Length - point - 1;
        return $"{money.CurrencyCode} {amount.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture)}";
    }

    public string Date(Date? date) =>
        date is null || date.Year == 0 ? "" : new DateOnly(date.Year, date.Month, date.Day).ToString("D", CultureInfo.CurrentCulture);

    public string Date(Timestamp? time) =>
        time is null ? "" : DateOnly.FromDateTime(time.ToDateTime()).ToString("D", CultureInfo.CurrentCulture);

    public string Number(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>Each language's own name ("नेपाली"), for the language switch on every page: worked out once.</summary>
    public static IReadOnlyDictionary<string, string> NativeNames { get; } = PortalModule.Languages.ToDictionary(l => l, l =>
    {
        var name = CultureInfo.GetCultureInfo(l).NativeName;
        return name.Length > 0 ? char.ToUpper(name[0], CultureInfo.GetCultureInfo(l)) + name[1..] : l;
    });

    /// <summary>"rtl" for a language written right to left (Arabic, Urdu), else "ltr".</summary>
    public static string Direction(string language) => CultureInfo.GetCultureInfo(language).TextInfo.IsRightToLeft ? "rtl" : "ltr";

    private string Said(string key, string fallback)
    {
        var said = text[key];
        return said.ResourceNotFound ? fallback : said.Value;
    }
}
