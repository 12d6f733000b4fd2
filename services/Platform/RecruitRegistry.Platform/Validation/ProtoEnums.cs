using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace RecruitRegistry.Platform.Validation;

/// <summary>Proto enums as stored text: Sector.Construction with prefix "SECTOR_" is "CONSTRUCTION", and back.</summary>
public static class ProtoEnums
{
    /// <summary>The proto name without its type prefix.</summary>
    public static string Name<T>(T value, string prefix)
        where T : struct, Enum
    {
        var name = Names<T>.Original.TryGetValue(value, out var original) ? original : value.ToString();
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
    }

    /// <summary>The enum value stored as text; throws for text no value has (stored data is trusted).</summary>
    public static T Parse<T>(string stored, string prefix)
        where T : struct, Enum => ByName<T>(prefix)[stored];

    /// <summary>The set value (not UNSPECIFIED) named by text a person typed ("construction"), or false.</summary>
    public static bool TryParse<T>(string text, string prefix, out T value)
        where T : struct, Enum => ByName<T>(prefix).TryGetValue(text.Trim().ToUpperInvariant(), out value) && IsSet(value);

    /// <summary>A set enum value other than UNSPECIFIED; unknown numbers from newer clients are refused.</summary>
    public static bool IsSet<T>(T value)
        where T : struct, Enum =>
        Enum.IsDefined(value) && Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0;

    private static FrozenDictionary<string, T> ByName<T>(string prefix)
        where T : struct, Enum =>
        Names<T>.Stored.GetOrAdd(prefix, static p => Enum.GetValues<T>().DistinctBy(v => Name(v, p)).ToFrozenDictionary(v => Name(v, p)));
}

/// <summary>
/// Each enum value's proto name ("SECTOR_CONSTRUCTION"), read by reflection once per enum type; and per prefix, the
/// values by stored text (read on every row, so looked up rather than searched).
/// </summary>
file static class Names<T>
    where T : struct, Enum
{
    public static readonly ConcurrentDictionary<string, FrozenDictionary<string, T>> Stored = new(StringComparer.Ordinal);

    public static readonly FrozenDictionary<T, string> Original = Enum.GetValues<T>().ToFrozenDictionary(
        v => v,
        v => typeof(T).GetField(v.ToString(), BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? v.ToString());
}
