using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace RecruitRegistry.Portal.Tests;

/// <summary>Every language file says every string of the English one, with the same placeholders, and nothing else.</summary>
public sealed partial class TranslationTests
{
    private static readonly ResourceManager Portal = new("RecruitRegistry.Portal.Resources.PortalText", typeof(PortalText).Assembly);

    private static readonly ResourceManager Console = new(
        "RecruitRegistry.AuthorityConsole.Resources.ConsoleText", typeof(RecruitRegistry.AuthorityConsole.ConsoleText).Assembly);

    /// <summary>Each translation of the portal and of the authority console.</summary>
    public static TheoryData<string, string> Translations()
    {
        var data = new TheoryData<string, string>();
        PortalModule.Languages.Where(l => l != "en").ToList().ForEach(l => data.Add("portal", l));
        RecruitRegistry.AuthorityConsole.ConsoleModule.Languages.Where(l => l != "en").ToList().ForEach(l => data.Add("console", l));
        return data;
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void A_language_has_every_English_string_with_the_same_placeholders(string site, string language)
    {
        var strings = site == "portal" ? Portal : Console;
        var english = Read(strings, CultureInfo.InvariantCulture);
        var translated = Read(strings, CultureInfo.GetCultureInfo(language));

        Assert.Equal(english.Keys.Order(), translated.Keys.Order());
        Assert.All(english, e => Assert.Equal(Placeholders(e.Value), Placeholders(translated[e.Key])));
        Assert.All(translated, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), $"{language}: {t.Key} is empty"));
    }

    private static Dictionary<string, string> Read(ResourceManager strings, CultureInfo culture) =>
        strings.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
