using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Licensing.Model;

/// <summary>Licensing's proto enums as stored text ("CONSTRUCTION", "ORIGIN_LICENCE"), and their validation (<see cref="ProtoEnums"/>).</summary>
internal static class ProtoNames
{
    public static string Of<T>(T value, string prefix)
        where T : struct, Enum => ProtoEnums.Name(value, prefix);

    public static T Parse<T>(string stored, string prefix)
        where T : struct, Enum => ProtoEnums.Parse<T>(stored, prefix);

    public static string Sector(Sector sector) => Of(sector, "SECTOR_");

    public static Sector Sector(string stored) => Parse<Sector>(stored, "SECTOR_");

    public static bool IsSet<T>(T value)
        where T : struct, Enum => ProtoEnums.IsSet(value);

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
