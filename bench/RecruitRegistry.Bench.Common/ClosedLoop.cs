using System.Diagnostics;
using Google.Protobuf;
using Grpc.Net.Client;

namespace RecruitRegistry.Bench.Common;

/// <summary>
/// Requests per second and latency percentiles of one measured phase, and the CPU time per call of the benchmark's
/// process (load generator and hosts alike) and of its PostgreSQL cluster, in microseconds, and the bytes the process
/// allocated and the context switches its threads made per call.
/// </summary>
public sealed record Measurement(double Rate, double P50, double P99, double ProcessCpu, double DatabaseCpu, double Allocated, double ContextSwitches)
{
    public override string ToString() =>
        $"{Rate:F0} req/s, p50 {P50:F2} ms, p99 {P99:F2} ms, CPU per call {ProcessCpu:F0} µs .NET + {DatabaseCpu:F0} µs PostgreSQL, {Allocated / 1024:F1} KiB allocated, {ContextSwitches:F2} context switches";
}

/// <summary>
/// A closed-loop load: each caller on its own HTTP/2 connection sends its next call when the previous one answered, for
/// a fixed time after a warm-up (connections, the database's plans and buffers, and until the JIT has settled).
/// </summary>
public static class ClosedLoop
{
    /// <summary>Each caller with a gRPC client on its own channel (its own HTTP/2 connection).</summary>
    public static async Task<Measurement> MeasureAsync<TClient>(
        string url, int callers, TimeSpan duration, Func<GrpcChannel, TClient> create, Func<TClient, Random, Task> call)
    {
        var channels = Enumerable.Range(0, callers).Select(_ => GrpcChannel.ForAddress(url)).ToList();
        try
        {
            var clients = channels.Select(create).ToList();
            return await MeasureAsync(callers, duration, (caller, random) => call(clients[caller], random));
        }
        finally
        {
            channels.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Any asynchronous operation, <paramref name="call"/>(caller index, caller's random) in a loop per caller.</summary>
    public static async Task<Measurement> MeasureAsync(int callers, TimeSpan duration, Func<int, Random, Task> call)
    {
        await WarmUpAsync(callers, Loop);
        var latencies = Enumerable.Range(0, callers).Select(_ => new List<double>(200_000)).ToList();
        var meter = new CpuMeter();
        var cpuBefore = meter.Read();
        var switchesBefore = CpuMeter.ContextSwitches();
        var from = DateTime.UtcNow;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(i => Loop(i, new Random(Random.Shared.Next()), duration, latencies[i])));
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var cpuAfter = meter.Read();
        var switches = CpuMeter.ContextSwitches() - switchesBefore;
        var allocated = await Allocations.AllocatedAsync(from, DateTime.UtcNow);
        var all = latencies.SelectMany(l => l).ToArray();
        return new Measurement(
            all.Length / elapsed,
            Percentiles.Of(all, 0.50),
            Percentiles.Of(all, 0.99),
            (cpuAfter.Process - cpuBefore.Process).TotalMicroseconds / all.Length,
            (cpuAfter.Database - cpuBefore.Database).TotalMicroseconds / all.Length,
            (double)allocated / all.Length,
            (double)switches / all.Length);

        async Task Loop(int caller, Random random, TimeSpan length, List<double>? record)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < length)
            {
                var started = Stopwatch.GetTimestamp();
                await call(caller, random);
                record?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    /// <summary>
    /// Loads for at least <see cref="MinWarmUp"/>, then on while the JIT is still compiling (up to <see cref="MaxWarmUp"/>):
    /// tiered compilation recompiles a path's hot methods in the background for seconds after it first runs, and a
    /// measurement taken meanwhile charges that compiling to the path measured. A long code path (a registration) takes
    /// longer to settle than a short one (a raw insert); a fixed 2 s warm-up left a quarter of the process's CPU in the
    /// tiering thread during the first seconds of the RegisterContract phase.
    /// </summary>
    private static async Task WarmUpAsync(int callers, Func<int, Random, TimeSpan, List<double>?, Task> loop)
    {
        var clock = Stopwatch.StartNew();
        var step = TimeSpan.FromSeconds(1);
        long compiled;
        do
        {
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await Task.WhenAll(Enumerable.Range(0, callers).Select(i => loop(i, new Random(i), step, null)));
        }
        while (clock.Elapsed < MinWarmUp || (System.Runtime.JitInfo.GetCompiledMethodCount() > compiled && clock.Elapsed < MaxWarmUp));
        Console.Error.WriteLine($"warm-up {clock.Elapsed.TotalSeconds:F0} s, {System.Runtime.JitInfo.GetCompiledMethodCount() - compiled} methods compiled in its last second");
    }

    private static readonly AllocationMeter Allocations = new();

    /// <summary>The shortest warm-up: connections, the database's plans and buffers, the first JIT tiers.</summary>
    public static readonly TimeSpan MinWarmUp = TimeSpan.FromSeconds(2);

    /// <summary>The longest warm-up, when the JIT does not settle.</summary>
    public static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(30);

    /// <summary>The bare gRPC echo measured with the same load.</summary>
    public static Task<Measurement> EchoAsync(BenchHost echo, int callers, TimeSpan duration)
    {
        var payload = new EchoMessage { Payload = ByteString.CopyFrom(new byte[64]) };
        return MeasureAsync(echo.Url, callers, duration, c => new Echo.EchoClient(c), (client, _) => client.EchoAsync(payload).ResponseAsync);
    }
}
