using System.Collections.Concurrent;
using MassTransit;

namespace RecruitRegistry.Testing;

/// <summary>Every event the capture consumers received, with its MassTransit message id.</summary>
public sealed class EventLog
{
    private readonly ConcurrentQueue<(Guid MessageId, object Message)> received = new();

    public void Add(Guid messageId, object message) => received.Enqueue((messageId, message));

    public IReadOnlyList<T> All<T>() => received.Select(r => r.Message).OfType<T>().ToList();

    public Task<IReadOnlyList<T>> WaitAsync<T>(Func<IReadOnlyList<T>, bool> done, string what) =>
        Eventually.Until(() => Task.FromResult(All<T>()), done, TimeSpan.FromSeconds(30), what);
}

/// <summary>Records what a service published, on its own test queue.</summary>
public sealed class Capture<T>(EventLog log) : IConsumer<T>
    where T : class
{
    public Task Consume(ConsumeContext<T> context)
    {
        log.Add(context.MessageId ?? Guid.Empty, context.Message);
        return Task.CompletedTask;
    }
}
