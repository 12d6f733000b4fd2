using System.Collections.Frozen;
using System.Reflection;
using Google.Protobuf.Reflection;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Licensing.Model;

/// <summary>Proto enums as stored text ("CONSTRUCTION", "ORIGIN_LICENCE"), and their validation.</summary>
internal static class ProtoNames
{
    /// <summary>The proto name without its type prefix: Sector.Construction → "CONSTRUCTION".</summary>
    public static string Of<T>(T value, string prefix)
        where T : struct, Enum
    {
        var name = Names<T>.Original.TryGetValue(value, out var original) ? original : value.ToString();
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
    }

    public static T Parse<T>(string stored, string prefix)
        where T : struct, Enum =>
        Enum.GetValues<T>().First(v => Of(v, prefix) == stored);

    public static string Sector(Sector sector) => Of(sector, "SECTOR_");

    public static Sector Sector(string stored) => Parse<Sector>(stored, "SECTOR_");

    /// <summary>A set enum value other than UNSPECIFIED; unknown numbers from newer clients are refused.</summary>
    public static bool IsSet<T>(T value)
        where T : struct, Enum =>
        Enum.IsDefined(value) && Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0;

    /// <summary>A non-empty list of distinct, set sectors.</summary>
    public static IReadOnlyList<string> Sectors(RequestValidator v, string field, IEnumerable<Sector> sectors)
    {
        var list = sectors.ToList();
        if (list.Count == 0)
        {
            v.Fail(field, "at least one sector is required");
            return [];
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (!IsSet(list[i]))
            {
                v.Fail($"{field}[{i}]", $"{(int)list[i]} is not a sector");
            }
        }

        if (list.Distinct().Count() != list.Count)
        {
            v.Fail(field, "lists a sector twice");
        }

        return list.Where(IsSet).Select(Sector).ToList();
    }

    /// <summary>A non-empty list of distinct ISO country codes.</summary>
    public static IReadOnlyList<string> Countries(RequestValidator v, string field, IEnumerable<string> countries)
    {
        var list = countries.ToList();
        if (list.Count == 0)
        {
            v.Fail(field, "at least one country is required");
            return [];
        }

        var valid = list.Select((c, i) => v.Country($"{field}[{i}]", c)).ToList();
        if (list.Distinct().Count() != list.Count)
        {
            v.Fail(field, "lists a country twice");
        }

        return valid;
    }
}

/// <summary>Each enum value's proto name ("SECTOR_CONSTRUCTION"), read by reflection once per enum type.</summary>
file static class Names<T>
    where T : struct, Enum
{
    public static readonly FrozenDictionary<T, string> Original = Enum.GetValues<T>().ToFrozenDictionary(
        v => v,
        v => typeof(T).GetField(v.ToString(), BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? v.ToString());
}
