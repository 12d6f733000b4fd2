using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using RecruitRegistry.Platform.Hosting;

namespace RecruitRegistry.Platform.Messaging;

/// <summary>
/// The depth of every receive endpoint's <c>_error</c> queue, as the metric <c>recruit.messages.error_queue</c>: a message
/// there failed for good (past its retries) and waits for an operator, so any depth above zero deserves an alert. RabbitMQ
/// only: the queues are read with a passive declare every <see cref="Interval"/> on a connection of its own.
/// </summary>
public sealed class ErrorQueueMonitor : BackgroundService, IReceiveEndpointObserver
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, long> depths = new();
    private readonly RabbitMqOptions options;
    private readonly ILogger logger;
    private readonly Meter meter = new(Telemetry.Prefix + ".Platform");

    public ErrorQueueMonitor(IOptions<PlatformOptions> options, ILogger<ErrorQueueMonitor> logger)
    {
        this.options = options.Value.RabbitMq;
        this.logger = logger;
        meter.CreateObservableGauge(
            "recruit.messages.error_queue",
            () => depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("queue", d.Key))),
            "{message}",
            "Messages in a receive endpoint's _error queue: failed past their retries, waiting for an operator");
    }

    /// <summary>A receive endpoint started: its error queue is watched from now on.</summary>
    public Task Ready(ReceiveEndpointReady ready)
    {
        depths.TryAdd(ready.InputAddress.AbsolutePath.Split('/')[^1] + "_error", 0);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = options.Host, Port = options.Port, VirtualHost = options.VirtualHost, UserName = options.Username, Password = options.Password,
            ClientProvidedName = "recruit error queue monitor",
        };
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await CountAsync(factory, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                PlatformLog.ErrorQueuesUncounted(logger, ex, Interval); // the broker is away: the next round tries again
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task CountAsync(ConnectionFactory factory, CancellationToken ct)
    {
        await using var connection = await factory.CreateConnectionAsync(ct);
        foreach (var queue in depths.Keys)
        {
            // A passive declare of a queue that does not exist closes the channel: one channel per queue.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            try
            {
                depths[queue] = (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                depths[queue] = 0; // no message has failed there yet: MassTransit declares the queue with the first
            }
        }
    }

    public override void Dispose()
    {
        meter.Dispose();
        base.Dispose();
    }
}
