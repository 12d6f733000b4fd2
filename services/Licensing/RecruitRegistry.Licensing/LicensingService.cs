using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecruitRegistry.Licensing.Grpc;
using RecruitRegistry.Platform.Hosting;

namespace RecruitRegistry.Licensing;

/// <summary>Adds the Licensing service to a host: <c>builder.AddLicensing()</c>, <c>app.MapLicensing()</c>.</summary>
public static class LicensingService
{
    /// <summary>Short name: database, queue prefix, health check tag.</summary>
    public const string Name = "licensing";

    /// <summary>The gRPC service name the health service reports on.</summary>
    public static readonly string GrpcServiceName = Contracts.Licensing.V1.Licensing.Descriptor.FullName;

    public static IHostApplicationBuilder AddLicensing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LicensingOptions>().BindConfiguration(LicensingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddServiceDatabase<LicensingDatabase>(Name, GrpcServiceName);
        return builder;
    }

    /// <summary>The Licensing consumers, registered on the host's one bus (queues "licensing.*").</summary>
    public static void AddLicensingConsumers(this IBusRegistrationConfigurator bus)
    {
        // The Licensing service issue adds its replica consumers here: bus.AddServiceConsumer<T>(Name).
    }

    public static WebApplication MapLicensing(this WebApplication app)
    {
        app.MapGrpcService<LicensingGrpcService>();
        return app;
    }
}
