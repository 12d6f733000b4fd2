using System.Reflection;
using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.RabbitMqTransport.Configuration;
using RabbitMQ.Client.Exceptions;

namespace RecruitRegistry.Platform.Messaging;

/// <summary>
/// How soon consumers come back after the broker went away.
/// <para>
/// In MassTransit 8.5 a RabbitMQ receive endpoint whose connection dropped retries on a fixed exponential schedule
/// (<c>RabbitMqHostConfiguration</c>: 3 s growing to 30 s, about 7, 17, 33 s after the drop) that no public option sets
/// (the policy is a get-only property; MassTransit issue #671, pull request #3359 not merged). After a 20 s outage the
/// consumers were back 10–13 s after the broker, while the relays' publishes, which reconnect on demand, were already
/// filling the queues: the corridor digests agreed 10–14 s after recovery against a 10 s target (docs/reliability.md).
/// </para>
/// <para>
/// This replaces that policy, before the bus is built, with one that handles the same exceptions and waits at most
/// <see cref="RabbitMqOptions.ReconnectInterval"/> between attempts. It reaches into MassTransit's host configuration
/// by name (its <c>_hostConfiguration</c> field and the property's backing field): MassTransit stays on 8.5.x (9.x is
/// commercial), and if a release moves either, the bus refuses to start with this type's name rather than silently
/// going back to the slow schedule. <c>OutboxDeliveryTests</c> checks the timing on a real broker.
/// </para>
/// </summary>
public static class RabbitMqReconnection
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;

    private static readonly FieldInfo? HostField = typeof(RabbitMqBusFactoryConfigurator).GetField("_hostConfiguration", Instance);

    private static readonly FieldInfo? PolicyField =
        typeof(RabbitMqHostConfiguration).GetField($"<{nameof(RabbitMqHostConfiguration.ReceiveTransportRetryPolicy)}>k__BackingField", Instance);

    public static void Apply(IRabbitMqBusFactoryConfigurator configurator, TimeSpan maxInterval)
    {
        if (configurator is not RabbitMqBusFactoryConfigurator concrete
            || HostField?.GetValue(concrete) is not RabbitMqHostConfiguration host
            || PolicyField is null)
        {
            throw new InvalidOperationException(
                $"MassTransit's RabbitMQ host configuration is not laid out as {nameof(RabbitMqReconnection)} expects " +
                $"(MassTransit {typeof(IBus).Assembly.GetName().Version}): review it before upgrading.");
        }

        var minInterval = TimeSpan.FromMilliseconds(Math.Min(500, maxInterval.TotalMilliseconds));
        PolicyField.SetValue(host, Policy(minInterval, maxInterval));
    }

    /// <summary>The exceptions MassTransit's own policy retries (as in 8.5), with shorter waits.</summary>
    internal static IRetryPolicy Policy(TimeSpan minInterval, TimeSpan maxInterval) => Retry.CreatePolicy(x =>
    {
        x.Handle<ConnectionException>();
        x.Handle<AlreadyClosedException>();
        x.Handle<EndOfStreamException>();
        x.Handle<OperationInterruptedException>(exception => exception.ChannelShouldBeClosed());
        x.Handle<NotSupportedException>(exception => exception.Message.Contains("Pipelining of requests forbidden", StringComparison.Ordinal));
        x.Ignore<AuthenticationFailureException>();
        x.Exponential(1000, minInterval, maxInterval, minInterval); // after 1,000 attempts the endpoint starts the schedule again
    });
}
