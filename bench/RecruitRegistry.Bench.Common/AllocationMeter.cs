using System.Diagnostics.Tracing;

namespace RecruitRegistry.Bench.Common;

/// <summary>
/// The bytes this process allocates in a time window, summed from the runtime's own <c>GCAllocationTick</c> events (the
/// GC raises one per heap each time about 100 KB more were allocated there, with the exact amount since the last one).
/// <see cref="GC.GetTotalAllocatedBytes"/> cannot be used here: the hosts make this an ASP.NET process, so it runs the
/// Server GC with dynamic adaptation (DATAS), and the runtime sums its counter over the heaps active at the moment; when
/// DATAS retires or adds a heap during a phase, the difference jumps by gigabytes (a phase of 2026-12-04 came out at
/// -254 KiB per call; dotnet/runtime#131069, fixed after .NET 10.0). The events are exact to within one tick per heap,
/// a few hundred KB in the hundreds of MB a phase allocates.
/// Listening costs CPU in the measured window (each event is copied into managed objects and dispatched: 2.7% of a
/// VerifyContract phase's samples, in proportion to the bytes allocated, so it nearly cancels in the ratios). Started
/// and stopped around a window of its own instead, it lost ticks: the raw-insert phases came out at 12.6-35.1 KiB per
/// call from round to round, against a steady 22-24 KiB with the meter on from the start.
/// </summary>
public sealed class AllocationMeter : EventListener
{
    private const int AllocationTick = 10;
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Lock gate = new();
    private readonly List<(DateTime At, ulong Bytes)> ticks = [];

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventId != AllocationTick || e.PayloadNames is not { } names)
            return;
        var index = names.IndexOf("AllocationAmount64");
        var bytes = index >= 0 ? Convert.ToUInt64(e.Payload![index]) : Convert.ToUInt64(e.Payload![names.IndexOf("AllocationAmount")]);
        lock (gate)
            ticks.Add((e.TimeStamp.ToUniversalTime(), bytes));
    }

    /// <summary>
    /// The bytes allocated between <paramref name="from"/> and <paramref name="to"/> (UTC), once the runtime has handed
    /// over the events of that window: they reach a listener in batches, a fraction of a second late.
    /// </summary>
    public async Task<long> AllocatedAsync(DateTime from, DateTime to)
    {
        // A large array of our own after the window raises a tick on the large object heap straight away.
        GC.KeepAlive(new byte[128 * 1024]);
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < deadline && !Seen(to))
            await Task.Delay(100);
        lock (gate)
        {
            var bytes = ticks.Where(t => t.At >= from && t.At < to).Sum(t => (long)t.Bytes);
            ticks.RemoveAll(t => t.At < to);
            return bytes;
        }
    }

    private bool Seen(DateTime to)
    {
        lock (gate)
            return ticks.Count > 0 && ticks[^1].At >= to;
    }
}
