using System.Collections.Frozen;
using System.Globalization;

namespace RecruitRegistry.Platform.Validation;

/// <summary>ISO 3166-1 alpha-2 countries, ISO 4217 currencies and each country's currency, read once from the embedded lists.</summary>
public static class IsoCodes
{
    private static readonly FrozenSet<string> Countries = ReadLines("iso3166-alpha2.csv")
        .SelectMany(line => line.Split(','))
        .Select(code => code.Trim())
        .ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int> MinorUnits = ReadLines("iso4217.csv")
        .Skip(1) // header
        .Select(line => line.Split(','))
        .ToFrozenDictionary(f => f[0], f => int.Parse(f[2], CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> CurrencyOfCountry = ReadLines("country-currency.csv")
        .Skip(1) // header
        .Select(line => line.Split(','))
        .ToFrozenDictionary(f => f[0], f => f[1], StringComparer.Ordinal);

    /// <summary>True for an officially assigned alpha-2 code, upper case ("NP", "QA").</summary>
    public static bool IsCountry(string code) => Countries.Contains(code);

    /// <summary>The number of decimal digits of a currency's minor unit, or null for an unknown code.</summary>
    public static int? MinorUnit(string currencyCode) =>
        MinorUnits.TryGetValue(currencyCode, out var digits) ? digits : null;

    /// <summary>The country's currency ("QA" → "QAR"), or null for a country without one.</summary>
    public static string? CurrencyOf(string country) =>
        CurrencyOfCountry.TryGetValue(country, out var currency) ? currency : null;

    private static IEnumerable<string> ReadLines(string file)
    {
        var assembly = typeof(IsoCodes).Assembly;
        using var stream = assembly.GetManifestResourceStream($"RecruitRegistry.Platform.Validation.{file}")
            ?? throw new InvalidOperationException($"Embedded list {file} is missing.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
