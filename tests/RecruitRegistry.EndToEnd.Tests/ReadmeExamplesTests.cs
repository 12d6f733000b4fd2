using System.Diagnostics;
using System.Text.RegularExpressions;
using RecruitRegistry.Testing;

namespace RecruitRegistry.EndToEnd.Tests;

/// <summary>
/// The README's examples as a newcomer runs them: the run command with --demo, then each curl line and the token line
/// of the examples block, through bash, with the REF and CODE the host printed (only the ports and the data directory
/// are this test's own; grpcurl is not installed on these machines, so its lines are not run).
/// </summary>
public sealed partial class ReadmeExamplesTests : IAsyncLifetime
{
    private const string Marker = "<!-- examples:";
    private readonly string directory = Directory.CreateTempSubdirectory("recruit-readme-").FullName;
    private readonly int httpPort = LoopbackPort.Free();
    private ChildProcess host = null!;

    public async Task InitializeAsync() =>
        host = await ChildProcess.StartAsync(ChildProcess.StandaloneDll,
        [
            "--demo",
            $"--data-dir={directory}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{LoopbackPort.Free()}",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
        ], readyLine: "export REF=");

    [Fact]
    public async Task Every_curl_and_token_example_of_the_readme_works_as_written_on_the_demo_data()
    {
        var export = ExportLine().Match(host.Output);
        Assert.True(export.Success, host.Output);
        var root = Repository.Root;
        var commands = ExampleCommands(File.ReadAllText(Path.Combine(root, "README.md")));
        Assert.Equal(7, commands.Count(c => c.StartsWith("curl", StringComparison.Ordinal)));
        Assert.Single(commands, c => c.StartsWith("TOKEN=", StringComparison.Ordinal));

        foreach (var command in commands)
        {
            var script = command
                .Replace("127.0.0.1:5180", $"127.0.0.1:{httpPort}", StringComparison.Ordinal)
                .Replace("services/Standalone/RecruitRegistry.Standalone/bin/Debug/", $"services/Standalone/RecruitRegistry.Standalone/bin/{Repository.Configuration}/", StringComparison.Ordinal)
                .Replace("--data-dir services/Standalone/RecruitRegistry.Standalone/data", $"--data-dir {directory}", StringComparison.Ordinal);
            script = script.StartsWith("curl", StringComparison.Ordinal)
                ? "curl --fail-with-body" + script["curl".Length..]
                : script + "\ntest -n \"$TOKEN\" && echo \"$TOKEN\"";
            var (exit, output) = await BashAsync(root, export.Groups[0].Value + "\n" + script);
            Assert.True(exit == 0, $"{command}\nexited {exit}:\n{output}");
            Assert.True(output.StartsWith('{') || output.StartsWith("eyJ", StringComparison.Ordinal), $"{command}\n{output}");
        }
    }

    /// <summary>
    /// The commands of the sh block after the marker, comments left out: lines joined while a quote is open or a line ends
    /// in a backslash.
    /// </summary>
    private static List<string> ExampleCommands(string readme)
    {
        var block = readme[readme.IndexOf(Marker, StringComparison.Ordinal)..];
        block = block[(block.IndexOf("```sh\n", StringComparison.Ordinal) + 6)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        var commands = new List<string>();
        var current = "";
        foreach (var line in block.Split('\n').Where(l => !l.StartsWith('#')))
        {
            current = current.Length == 0 ? line : current + "\n" + line;
            if (current.Count(c => c == '"') % 2 == 0 && current.Count(c => c == '\'') % 2 == 0 && !current.EndsWith('\\'))
            {
                if (current.StartsWith("curl", StringComparison.Ordinal) || current.StartsWith("TOKEN=", StringComparison.Ordinal))
                {
                    commands.Add(current);
                }

                current = "";
            }
        }

        return commands;
    }

    private static async Task<(int Exit, string Output)> BashAsync(string workingDirectory, string script)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, (await output).Trim() + (await error).Trim());
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [GeneratedRegex(@"export REF=\S+ CODE=\S+")]
    private static partial Regex ExportLine();
}
