using System.CommandLine;

namespace RecruitRegistry.Ctl.Cli;

/// <summary>The options every command takes: where the services are, where the token is, how to print.</summary>
public sealed class GlobalOptions
{
    /// <summary>The standalone host serves all three services on its gRPC port.</summary>
    public const string DefaultServer = "http://127.0.0.1:5100";

    public Option<Uri> Server { get; } = new("--server")
    {
        Description = "The three services at one address (the standalone host's gRPC port). [env: RECRUIT_SERVER]",
        Recursive = true,
        DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable("RECRUIT_SERVER") ?? DefaultServer),
        CustomParser = Address,
    };

    public Option<Uri?> Licensing { get; } = new("--licensing") { Description = "Licensing alone (distributed mode: http://127.0.0.1:5101). [default: --server]", Recursive = true, CustomParser = Address };

    public Option<Uri?> Contracts { get; } = new("--contracts") { Description = "WorkerContracts alone (distributed mode: http://127.0.0.1:5102). [default: --server]", Recursive = true, CustomParser = Address };

    public Option<Uri?> FeeAudits { get; } = new("--feeaudits") { Description = "FeeAudits alone (distributed mode: http://127.0.0.1:5103). [default: --server]", Recursive = true, CustomParser = Address };

    public Option<FileInfo?> TokenFile { get; } = new("--token-file")
    {
        Description = "A file holding the bearer token. [env: RECRUIT_TOKEN_FILE; or the token itself in RECRUIT_TOKEN] Never the token as an argument: shells keep a history.",
        Recursive = true,
    };

    public Option<string> Output { get; } = new Option<string>("--output", "-o")
    {
        Description = "table for people, json for scripts (one JSON document on standard output).",
        Recursive = true,
        DefaultValueFactory = _ => "table",
    }.AcceptOnlyFromAmong("table", "json");

    private static Uri Address(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"'{text}' is not a service address such as {DefaultServer}");
        return null!;
    }

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Server);
        root.Options.Add(Licensing);
        root.Options.Add(Contracts);
        root.Options.Add(FeeAudits);
        root.Options.Add(TokenFile);
        root.Options.Add(Output);
    }
}
