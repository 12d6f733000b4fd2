using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace RecruitRegistry.Bench.Distributed;

/// <summary>
/// The floor under every event lag: a raw RabbitMQ publish-to-consume round trip on the same broker and virtual host,
/// with what the services' messages get too (a durable quorum queue, persistent messages, publisher confirms, manual acks),
/// publisher and consumer on their own connections. One message in flight at a time.
/// </summary>
public static class RawRoundTrip
{
    public static async Task<List<double>> MeasureAsync(string host, int port, string virtualHost, int count)
    {
        var factory = new ConnectionFactory { HostName = host, Port = port, VirtualHost = virtualHost, UserName = "guest", Password = "guest" };
        await using var publisherConnection = await factory.CreateConnectionAsync("bench-publisher");
        await using var consumerConnection = await factory.CreateConnectionAsync("bench-consumer");
        await using var publisher = await publisherConnection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await using var consumer = await consumerConnection.CreateChannelAsync();
        var queue = $"bench-round-trip-{Guid.NewGuid():N}";
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });

        TaskCompletionSource<long> arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiver = new AsyncEventingBasicConsumer(consumer);
        receiver.ReceivedAsync += async (_, delivery) =>
        {
            var now = Stopwatch.GetTimestamp();
            await consumer.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            arrived.TrySetResult(now);
        };
        await consumer.BasicConsumeAsync(queue, autoAck: false, receiver);

        var body = new byte[600]; // about the size of a ContractChanged envelope
        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
        var lags = new List<double>(count);
        for (var i = 0; i < count + 20; i++)
        {
            arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var sent = Stopwatch.GetTimestamp();
            await publisher.BasicPublishAsync("", queue, mandatory: false, properties, body);
            var received = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
            if (i >= 20) // the first ones warm the connections up
            {
                lags.Add(Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds);
            }

            await Task.Delay(5);
        }

        await publisher.QueueDeleteAsync(queue);
        return lags;
    }
}
