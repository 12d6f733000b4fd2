using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace RecruitRegistry.Bench.Distributed;

/// <summary>
/// When a row becomes visible in another service's database: the ids waiting are polled every few milliseconds with
/// one statement (<c>SELECT id ... WHERE id = ANY(@ids)</c>), and each id's lag is the time from when it was added (the
/// moment its writer's gRPC answer arrived, so after the writer's commit) to the poll that first saw it. The polling
/// interval bounds the error (it is added to every lag, 2.5 ms on average at the default 5 ms).
/// </summary>
public sealed class Visibility(string name, string connectionString, string sql, TimeSpan interval) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, long> waiting = new();
    private readonly ConcurrentBag<double> lags = [];
    private readonly CancellationTokenSource stop = new();
    private Task? loop;

    public string Name => name;

    public int Waiting => waiting.Count;

    public void Start() => loop = Task.Run(() => PollAsync(stop.Token));

    public void Expect(Guid id) => waiting[id] = Stopwatch.GetTimestamp();

    /// <summary>The lags seen since the last call, in milliseconds, and starts a new set.</summary>
    public List<double> Take()
    {
        var taken = new List<double>();
        while (lags.TryTake(out var lag))
        {
            taken.Add(lag);
        }

        return taken;
    }

    /// <summary>Waits until every id expected so far was seen, or the deadline passed; true when all were.</summary>
    public async Task<bool> DrainedAsync(TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (!waiting.IsEmpty && clock.Elapsed < deadline)
        {
            await Task.Delay(20);
        }

        return waiting.IsEmpty;
    }

    private async Task PollAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        var ids = new NpgsqlParameter<Guid[]>("ids", Array.Empty<Guid>());
        command.Parameters.Add(ids);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (waiting.IsEmpty)
            {
                continue;
            }

            ids.TypedValue = waiting.Keys.ToArray();
            await using var reader = await command.ExecuteReaderAsync(ct);
            var now = Stopwatch.GetTimestamp();
            while (await reader.ReadAsync(ct))
            {
                if (waiting.TryRemove(reader.GetGuid(0), out var since))
                {
                    lags.Add(Stopwatch.GetElapsedTime(since, now).TotalMilliseconds);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }

        stop.Dispose();
    }
}
