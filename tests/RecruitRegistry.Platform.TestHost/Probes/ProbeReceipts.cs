using System.Collections.Concurrent;
using MassTransit;

namespace RecruitRegistry.Platform.TestHost.Probes;

/// <summary>Counts every delivery per message id, duplicates included (the inbox then decides what is applied).</summary>
public sealed class ProbeReceipts : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> received = new();
    private readonly ConcurrentDictionary<string, int> publishers = new();

    public IReadOnlyDictionary<Guid, int> Received => received;

    public int Total => received.Values.Sum();

    /// <summary>The bus addresses that published what was received: one per relay process or host.</summary>
    public IReadOnlyDictionary<string, int> Publishers => publishers;

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.MessageId is { } id)
        {
            received.AddOrUpdate(id, 1, (_, n) => n + 1);
        }

        if (context.SourceAddress is { } publisher)
        {
            publishers.AddOrUpdate(publisher.ToString(), 1, (_, n) => n + 1);
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
