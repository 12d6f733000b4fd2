using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecruitRegistry.Licensing.Agencies;
using RecruitRegistry.Licensing.Compliance;
using RecruitRegistry.Licensing.Consistency;
using RecruitRegistry.Licensing.Corridors;
using RecruitRegistry.Licensing.Grpc;
using RecruitRegistry.Licensing.Licences;
using RecruitRegistry.Licensing.Registry;
using RecruitRegistry.Platform.Hosting;

namespace RecruitRegistry.Licensing;

/// <summary>Adds the Licensing service to a host: <c>builder.AddLicensing()</c>, <c>app.MapLicensing()</c>.</summary>
public static class LicensingService
{
    /// <summary>Short name: database, queue prefix, health check tag.</summary>
    public const string Name = "licensing";

    /// <summary>The gRPC service name the health service reports on.</summary>
    public static readonly string GrpcServiceName = Contracts.Licensing.V1.Licensing.Descriptor.FullName;

    /// <summary>The service as hosts compose it (<see cref="ServiceModules.AddServices"/>).</summary>
    public static readonly ServiceModule Module = new(Name, LicensingOptions.Section, bus => bus.AddLicensingConsumers(), builder => builder.AddLicensing(), app => app.MapLicensing());

    public static IHostApplicationBuilder AddLicensing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedSettings<LicensingOptions, LicensingOptionsValidator>(LicensingOptions.Section);
        builder.AddServiceDatabase<LicensingDatabase>(Name, GrpcServiceName);
        var services = builder.Services;
        services.AddSingleton<CorridorCommands>();
        services.AddSingleton<CorridorQueries>();
        services.AddSingleton<AgencyCommands>();
        services.AddSingleton<LicenceCommands>();
        services.AddSingleton<ComplianceThreshold>();
        services.AddSingleton<LicenceQueries>();
        services.AddSingleton<LicenceAppeals>();
        services.AddSingleton<AppealRules>();
        services.AddSingleton<AuthorizationReadModel>();
        services.AddSingleton<RegistryQueries>();
        services.AddSingleton<ComplianceQueries>();
        services.AddSingleton<CorridorConsistency>();
        services.AddSingleton<LicenceSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<LicenceSweep>());
        return builder;
    }

    /// <summary>The Licensing consumers, registered on the host's one bus (queues "licensing.*").</summary>
    public static void AddLicensingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddServiceConsumer<FeeViolationChangedConsumer>(Name);
        bus.AddServiceConsumer<GrievanceChangedConsumer>(Name);
    }

    public static WebApplication MapLicensing(this WebApplication app)
    {
        app.MapGrpcService<LicensingGrpcService>();
        return app;
    }
}
