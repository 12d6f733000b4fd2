using System.Globalization;
using RabbitMQ.Client;
using RecruitRegistry.EndToEnd;

namespace RecruitRegistry.Bench.Distributed;

/// <summary>
/// Once a second: the resident memory (VmRSS) of each service process, and the messages ready in the virtual host's
/// queues (passive declares on one channel: cheap, where rabbitmqctl would start an Erlang VM each time).
/// </summary>
public sealed class Sampler : IAsyncDisposable
{
    private readonly DistributedSystem system;
    private readonly IReadOnlyList<string> queues;
    private readonly IConnection connection;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private Sampler(DistributedSystem system, IReadOnlyList<string> queues, IConnection connection)
    {
        this.system = system;
        this.queues = queues;
        this.connection = connection;
        loop = Task.Run(() => RunAsync(stop.Token));
    }

    /// <summary>The largest resident set seen per service, in MiB. Written only by the sampling loop: read it after
    /// <see cref="StopAsync"/>.</summary>
    public Dictionary<string, double> MaxRss { get; } = [];

    public long MaxReady { get; private set; }

    public long LastReady { get; private set; }

    public static async Task<Sampler> StartAsync(DistributedSystem system)
    {
        var queues = (await system.Servers.RabbitMq.QueueDepthsAsync(system.VirtualHost)).Keys.ToList();
        var factory = new ConnectionFactory
        {
            HostName = system.Servers.RabbitMq.Host, Port = system.Servers.RabbitMq.Port, VirtualHost = system.VirtualHost, UserName = "guest", Password = "guest",
        };
        return new Sampler(system, queues, await factory.CreateConnectionAsync("bench-sampler"));
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            while (true)
            {
                foreach (var process in system.Processes)
                {
                    var rss = Rss(process.Pid);
                    MaxRss[process.Name] = Math.Max(MaxRss.GetValueOrDefault(process.Name), rss);
                }

                long ready = 0;
                foreach (var queue in queues)
                {
                    ready += (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
                }

                LastReady = ready;
                MaxReady = Math.Max(MaxReady, ready);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // stopped: the figures so far are the result
        }
    }

    /// <summary>VmRSS of a process in MiB, from /proc/&lt;pid&gt;/status.</summary>
    public static double Rss(int? pid)
    {
        if (pid is null)
        {
            return 0;
        }

        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes / 1024.0;
    }

    /// <summary>Ends the sampling loop and waits for it, so its figures no longer change.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await connection.DisposeAsync();
        stop.Dispose();
    }
}
