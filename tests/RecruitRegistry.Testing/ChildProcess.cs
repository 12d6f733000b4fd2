using System.Diagnostics;
using System.Text;

namespace RecruitRegistry.Testing;

/// <summary>A real child process (a service host, a command) that a test can kill -9 or stop with SIGTERM.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder standardOutput = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string readyLine;

    private ChildProcess(string dll, IEnumerable<string> arguments, string readyLine, IReadOnlyDictionary<string, string>? environment, string? workingDirectory)
    {
        this.readyLine = readyLine;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            OnLine(e.Data);
            if (e.Data is not null)
            {
                lock (output)
                {
                    standardOutput.AppendLine(e.Data);
                }
            }
        };
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

    /// <summary>What it wrote to standard output alone (a command's result, without its progress and messages).</summary>
    public string StandardOutput
    {
        get
        {
            lock (output)
            {
                return standardOutput.ToString();
            }
        }
    }

    public int Id => process.Id;

    public static async Task<ChildProcess> StartAsync(string dll, IEnumerable<string> arguments, string readyLine = "ready")
    {
        var child = Start(dll, arguments, readyLine, null, null);
        await child.ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
        return child;
    }

    /// <summary>A command, started and left to run (wait for it with <see cref="ExitAsync"/>, or kill it).</summary>
    public static ChildProcess Command(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var child = Start(dll, arguments, "\0", environment, workingDirectory);
        _ = child.ready.Task.ContinueWith(t => t.Exception, TaskScheduler.Default); // its end is no failure: ExitAsync reads it
        return child;
    }

    /// <summary>Waits for the end and gives the exit code, after every line it wrote has been read.</summary>
    public async Task<int> ExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(wait.Token);
        return process.ExitCode;
    }

    private static ChildProcess Start(string dll, IEnumerable<string> arguments, string readyLine, IReadOnlyDictionary<string, string>? environment, string? workingDirectory)
    {
        var child = new ChildProcess(dll, arguments, readyLine, environment, workingDirectory);
        child.process.Start();
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
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
    /// <summary>The operators' command line, built.</summary>
    public static string RecruitctlDll => BuiltDll(Path.Combine("tools", "RecruitRegistry.Ctl"), "recruitctl");

    public static string StandaloneDll => BuiltDll(Path.Combine("services", "Standalone", "RecruitRegistry.Standalone"), "recruitregistry");
}
