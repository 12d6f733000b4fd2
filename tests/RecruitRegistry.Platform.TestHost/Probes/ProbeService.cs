using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.Platform.TestHost.Probes;

/// <summary>Which halves of the probe service a host runs.</summary>
[Flags]
public enum ProbeRoles
{
    /// <summary>The writer, its database and its outbox relay.</summary>
    Source = 1,

    /// <summary>The replica database and its consumer.</summary>
    Replica = 2,

    Both = Source | Replica,
}

/// <summary>Composes a probe host exactly like a RecruitRegistry service host.</summary>
public static class ProbeService
{
    public const string Name = "probe";

    public static IHostApplicationBuilder AddProbe(this IHostApplicationBuilder builder, ProbeRoles roles, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        builder.Services.AddSingleton(new OutboxMessageTypes().Add(typeof(ProbeChanged).Assembly));
        builder.Services.AddSingleton<ProbeReceipts>();
        builder.AddPlatform(bus =>
        {
            if (roles.HasFlag(ProbeRoles.Replica))
            {
                bus.AddServiceConsumer<ProbeReplicaConsumer>(Name);
            }

            consumers?.Invoke(bus);
        });
        builder.Services.AddOptions<ProbeOptions>().BindConfiguration(ProbeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (roles.HasFlag(ProbeRoles.Source))
        {
            builder.AddServiceDatabase<ProbeSourceDatabase>("probe-source", "recruit.test.Probe");
            builder.Services.AddSingleton<ProbeWriter>();
        }

        if (roles.HasFlag(ProbeRoles.Replica))
        {
            builder.AddServiceDatabase<ProbeReplicaDatabase>("probe-replica", "recruit.test.ProbeReplica");
        }

        return builder;
    }

    /// <summary>Counts deliveries from the moment the bus exists.</summary>
    public static void ObserveReceipts(IServiceProvider services) =>
        services.GetRequiredService<IBus>().ConnectConsumeObserver(services.GetRequiredService<ProbeReceipts>());
}
