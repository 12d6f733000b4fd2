using System.CommandLine;
using System.CommandLine.Parsing;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Ctl.Cli;

/// <summary>A corridor as people write it: origin and destination, ISO 3166-1 alpha-2, "NP-QA".</summary>
public sealed record Corridor(string Origin, string Destination)
{
    public override string ToString() => $"{Origin}-{Destination}";

    public static Option<Corridor> Option(string description) => new("--corridor")
    {
        Description = description + " (ORIGIN-DESTINATION, e.g. NP-QA)",
        Required = true,
        CustomParser = Parse,
    };

    public static Argument<Corridor> Argument(string description) => new("CORRIDOR")
    {
        Description = description + " (ORIGIN-DESTINATION, e.g. NP-QA)",
        CustomParser = Parse,
    };

    private static Corridor Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.ToUpperInvariant() : "";
        if (text.Split('-') is [var origin, var destination] && IsoCodes.IsCountry(origin) && IsoCodes.IsCountry(destination) && origin != destination)
        {
            return new Corridor(origin, destination);
        }

        result.AddError($"'{text}' is not a corridor: two ISO 3166-1 alpha-2 countries, origin first, as NP-QA");
        return null!;
    }
}
