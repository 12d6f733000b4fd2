using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecruitRegistry.FeeAudits.Grpc;
using RecruitRegistry.Platform.Hosting;

namespace RecruitRegistry.FeeAudits;

/// <summary>Adds the FeeAudits service to a host: <c>builder.AddFeeAudits()</c>, <c>app.MapFeeAudits()</c>.</summary>
public static class FeeAuditsService
{
    /// <summary>Short name: database, queue prefix, health check tag.</summary>
    public const string Name = "feeaudits";

    /// <summary>The gRPC service name the health service reports on.</summary>
    public static readonly string GrpcServiceName = Contracts.FeeAudits.V1.FeeAudits.Descriptor.FullName;

    public static IHostApplicationBuilder AddFeeAudits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FeeAuditsOptions>().BindConfiguration(FeeAuditsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddServiceDatabase<FeeAuditsDatabase>(Name, GrpcServiceName);
        return builder;
    }

    /// <summary>The FeeAudits consumers, registered on the host's one bus (queues "feeaudits.*").</summary>
    public static void AddFeeAuditsConsumers(this IBusRegistrationConfigurator bus)
    {
        // The FeeAudits service issue adds its replica consumers here: bus.AddServiceConsumer<T>(Name).
    }

    public static WebApplication MapFeeAudits(this WebApplication app)
    {
        app.MapGrpcService<FeeAuditsGrpcService>();
        return app;
    }
}
