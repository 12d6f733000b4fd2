using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecruitRegistry.WorkerContracts.Audits;
using RecruitRegistry.WorkerContracts.Consistency;
using RecruitRegistry.WorkerContracts.Grpc;
using RecruitRegistry.WorkerContracts.Model;
using RecruitRegistry.WorkerContracts.Orientations;
using RecruitRegistry.WorkerContracts.Registration;
using RecruitRegistry.WorkerContracts.ReadModel;
using RecruitRegistry.WorkerContracts.Verification;
using RecruitRegistry.WorkerContracts.Replicas;
using RecruitRegistry.Platform.Hosting;

namespace RecruitRegistry.WorkerContracts;

/// <summary>Adds the WorkerContracts service to a host: <c>builder.AddWorkerContracts()</c>, <c>app.MapWorkerContracts()</c>.</summary>
public static class WorkerContractsService
{
    /// <summary>Short name: database, queue prefix, health check tag.</summary>
    public const string Name = "contracts";

    /// <summary>The gRPC service name the health service reports on.</summary>
    public static readonly string GrpcServiceName = Contracts.WorkerContracts.V1.WorkerContracts.Descriptor.FullName;

    /// <summary>The service as hosts compose it (<see cref="ServiceModules.AddServices"/>).</summary>
    public static readonly ServiceModule Module = new(Name, WorkerContractsOptions.Section, bus => bus.AddWorkerContractsConsumers(), builder => builder.AddWorkerContracts(), app => app.MapWorkerContracts());

    public static IHostApplicationBuilder AddWorkerContracts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedSettings<WorkerContractsOptions, WorkerContractsOptionsValidator>(WorkerContractsOptions.Section);
        builder.AddServiceDatabase<WorkerContractsDatabase>(Name, GrpcServiceName);
        builder.Services.AddHostedService<WorkerViewBackfill>(); // after the migrations, before any answer
        var services = builder.Services;
        services.AddSingleton<ContractSecrets>();
        services.AddSingleton<RegisterContract>();
        services.AddSingleton<ContractCommands>();
        services.AddSingleton<ContractQueries>();
        services.AddSingleton<VerificationLimiter>();
        services.AddSingleton<AgencyCache>();
        services.AddSingleton<WorkerVerification>();
        services.AddSingleton<WorkerGrievances>();
        services.AddSingleton<PreDepartureOrientations>();
        services.AddSingleton<CorridorConsistency>();
        return builder;
    }

    /// <summary>The WorkerContracts consumers, registered on the host's one bus (queues "contracts.*").</summary>
    public static void AddWorkerContractsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddServiceConsumer<CorridorChangedConsumer>(Name);
        bus.AddServiceConsumer<AgencyChangedConsumer>(Name);
        bus.AddServiceConsumer<LicenceChangedConsumer>(Name);
        bus.AddServiceConsumer<ContractAuditedConsumer>(Name);
        bus.AddServiceConsumer<CaseChangedConsumer>(Name);
        bus.AddServiceConsumer<GrievanceChangedConsumer>(Name);
    }

    public static WebApplication MapWorkerContracts(this WebApplication app)
    {
        app.MapGrpcService<WorkerContractsGrpcService>();
        return app;
    }
}
