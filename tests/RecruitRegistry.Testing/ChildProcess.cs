using System.Diagnostics;
using System.Text;

namespace RecruitRegistry.Testing;

/// <summary>A real child process (a service host) that a test can kill -9 or stop with SIGTERM.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string readyLine;

    private ChildProcess(string dll, IEnumerable<string> arguments, string readyLine)
    {
        this.readyLine = readyLine;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            process.WaitForExit(); // lets the output readers finish, so the message holds what the child said
            ready.TrySetException(new InvalidOperationException($"The child exited early:\n{Output}"));
        };
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public int Id => process.Id;

    public static async Task<ChildProcess> StartAsync(string dll, IEnumerable<string> arguments, string readyLine = "ready")
    {
        var child = new ChildProcess(dll, arguments, readyLine);
        child.process.Start();
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        await child.ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
        return child;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (line.Contains(readyLine, StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the host shuts down cleanly.</summary>
    public async Task TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }

    /// <summary>The build output of a sibling project, in this test build's configuration.</summary>
    public static string BuiltDll(string projectDirectory, string assembly)
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var dll = Path.Combine(Repository.Root, projectDirectory, "bin", Repository.Configuration, tfm, assembly + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {projectDirectory} first.", dll);
    }

    public static string TestHostDll => BuiltDll(Path.Combine("tests", "RecruitRegistry.Platform.TestHost"), "RecruitRegistry.Platform.TestHost");

    /// <summary>The README's run command, built: the three services in one process.</summary>
    public static string StandaloneDll => BuiltDll(Path.Combine("services", "Standalone", "RecruitRegistry.Standalone"), "recruitregistry");
}
