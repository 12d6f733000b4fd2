using System.Collections.ObjectModel;
using System.Diagnostics;

namespace RecruitRegistry.Testing;

/// <summary>Finished spans as an in-memory exporter adds them (from any thread), read as a snapshot.</summary>
public sealed class SpanLog : Collection<Activity>
{
    public IReadOnlyList<Activity> Snapshot()
    {
        lock (Items)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (Items)
        {
            base.InsertItem(index, item);
        }
    }
}
