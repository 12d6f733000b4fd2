using RecruitRegistry.Platform.Tests.Infrastructure;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Platform.Tests.Messaging;

/// <summary>
/// Standalone mode: SQLite and the in-memory bus. A message published in memory but not yet consumed dies with the
/// process; the relay re-publishes, on start, every row sent since the last clean shutdown, and the inbox dedupes.
/// These run a real child process and kill it with SIGKILL.
/// </summary>
public sealed class StandaloneReplayTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string directory = Directory.CreateTempSubdirectory("recruit-standalone-").FullName;

    private IEnumerable<string> Arguments(params string[] extra) =>
        ProbeHosts.Arguments(ProbeHosts.Sqlite(directory), new Dictionary<string, string?> { ["Platform:Transport"] = "InMemory" })
            .Concat(extra);

    private ProbeStore Source => ProbeStore.SqliteFile(directory, "source.db");

    private ProbeStore Replica => ProbeStore.SqliteFile(directory, "replica.db");

    [Fact]
    public async Task A_crash_between_publishing_in_memory_and_consuming_loses_nothing_and_applies_nothing_twice()
    {
        const int Total = 400;
        await using (var crashing = await ChildProcess.StartAsync(ChildProcess.TestHostDll, Arguments(
            $"--produce={Total}", "--probes=40", "--Probe:ConsumeDelay=00:00:00.025")))
        {
            // Every row is published to the in-memory bus, while the slow consumer is still far behind.
            await Eventually.Until(() => Source.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL"), n => n == Total, Deadline, "all rows published");
            await crashing.KillAsync();
        }

        var (appliedBeforeRestart, _) = await Replica.ApplicationsAsync();
        Assert.True(appliedBeforeRestart < Total, $"the crash should have caught messages in flight, but {appliedBeforeRestart} of {Total} were applied");

        await using (var restarted = await ChildProcess.StartAsync(ChildProcess.TestHostDll, Arguments()))
        {
            await Eventually.Until(Replica.ApplicationsAsync, a => a.Applied == Total, Deadline, "every message applied after the restart");
            Assert.Contains("published again", restarted.Output, StringComparison.Ordinal);
            await restarted.TerminateAsync();
        }

        Assert.Equal((Total, 0), await Replica.ApplicationsAsync());
        Assert.Equal(await Source.ProbesAsync("probe"), await Replica.ProbesAsync("probe_replica"));
    }

    [Fact]
    public async Task A_clean_shutdown_marks_everything_consumed_and_the_next_start_replays_nothing()
    {
        const int Total = 200;
        await using (var first = await ChildProcess.StartAsync(ChildProcess.TestHostDll, Arguments($"--produce={Total}", "--probes=20")))
        {
            await Eventually.Until(Replica.ApplicationsAsync, a => a.Applied == Total, Deadline, "every message applied");
            await first.TerminateAsync();
            Assert.Contains("shut down cleanly", first.Output, StringComparison.Ordinal);
        }

        Assert.Equal(
            await Source.ScalarAsync("SELECT MAX(sequence) FROM outbox"),
            await Source.ScalarAsync("SELECT clean_through FROM outbox_state WHERE id = 1"));

        await using (var second = await ChildProcess.StartAsync(ChildProcess.TestHostDll, Arguments()))
        {
            await second.TerminateAsync();
            Assert.DoesNotContain("published again", second.Output, StringComparison.Ordinal);
        }

        Assert.Equal((Total, 0), await Replica.ApplicationsAsync());
        Assert.Equal(Total, await Replica.ScalarAsync("SELECT COUNT(*) FROM inbox"));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
