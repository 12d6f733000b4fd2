using System.Text.Json;
using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RecruitRegistry.Ctl.Cli;

/// <summary>
/// Where a command writes: its result on standard output (a table, or with --output json one JSON document), and what
/// a person watches (progress, warnings, errors) on standard error, so a script's pipe holds the result alone.
/// </summary>
public sealed class Output(bool json, TextWriter result, TextWriter messages)
{
    private static readonly JsonFormatter ProtoJson = new(JsonFormatter.Settings.Default.WithIndentation());
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public bool IsJson => json;

    /// <summary>The result, for people (tables, charts); into a file or a pipe, as wide as a table needs (ids unbroken).</summary>
    public IAnsiConsole Result { get; } = Console(result);

    /// <summary>Progress and messages.</summary>
    public IAnsiConsole Messages { get; } = Console(messages);

    public void Write(IRenderable renderable) => Result.Write(renderable);

    /// <summary>A reply as the JSON API shows it (proto field names in lowerCamelCase, enums by name).</summary>
    public void WriteJson(IMessage message) => result.WriteLine(ProtoJson.Format(message));

    public void WriteJson<T>(T value) => result.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>A plain line of the result, never wrapped (a token, a path a script reads).</summary>
    public void Line(string text) => result.WriteLine(text);

    public void Error(string message) => messages.WriteLine("error: " + message);

    public void Note(string message) => messages.WriteLine(message);

    private static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (!console.Profile.Capabilities.Interactive)
        {
            console.Profile.Width = 240;
        }

        return console;
    }
}
