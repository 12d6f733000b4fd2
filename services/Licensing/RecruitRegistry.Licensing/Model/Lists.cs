using System.Text.Json;

namespace RecruitRegistry.Licensing.Model;

/// <summary>Lists stored as JSON text (sectors, countries, conditions, directors).</summary>
internal static class Lists
{
    public static string ToJson(IEnumerable<string> values) => JsonSerializer.Serialize(values.ToArray());

    public static IReadOnlyList<string> FromJson(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];
}
