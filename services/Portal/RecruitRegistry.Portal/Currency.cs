using System.Globalization;

namespace RecruitRegistry.Portal;

/// <summary>A country's currency (ISO 4217) from the platform's ICU data: "QA" → "QAR".</summary>
public static class Currency
{
    public static string Of(string country)
    {
        try
        {
            return country.Length == 2 ? new RegionInfo(country).ISOCurrencySymbol : "";
        }
        catch (ArgumentException)
        {
            return "";
        }
    }

    /// <summary>The currencies of the corridors' countries, and US dollars, which agencies often ask for.</summary>
    public static IReadOnlyList<string> OfCorridors(IEnumerable<string> corridors) =>
        [.. corridors.SelectMany(c => new[] { Of(c[..2]), Of(c[3..]) }).Append("USD").Where(c => c.Length == 3).Distinct().Order()];
}
