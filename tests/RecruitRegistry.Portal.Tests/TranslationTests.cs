using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace RecruitRegistry.Portal.Tests;

/// <summary>Every language file says every string of the English one, with the same placeholders, and nothing else.</summary>
public sealed partial class TranslationTests
{
    private static readonly ResourceManager Strings = new("RecruitRegistry.Portal.Resources.PortalText", typeof(PortalText).Assembly);

    public static TheoryData<string> Translations => [.. PortalModule.Languages.Where(l => l != "en")];

    [Theory]
    [MemberData(nameof(Translations))]
    public void A_language_has_every_English_string_with_the_same_placeholders(string language)
    {
        var english = Read(CultureInfo.InvariantCulture);
        var translated = Read(CultureInfo.GetCultureInfo(language));

        Assert.Equal(english.Keys.Order(), translated.Keys.Order());
        Assert.All(english, e => Assert.Equal(Placeholders(e.Value), Placeholders(translated[e.Key])));
        Assert.All(translated, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), $"{language}: {t.Key} is empty"));
    }

    private static Dictionary<string, string> Read(CultureInfo culture) =>
        Strings.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
