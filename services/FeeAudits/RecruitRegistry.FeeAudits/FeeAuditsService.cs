using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecruitRegistry.FeeAudits.Audits;
using RecruitRegistry.FeeAudits.Cases;
using RecruitRegistry.FeeAudits.Consistency;
using RecruitRegistry.FeeAudits.Grievances;
using RecruitRegistry.FeeAudits.Grpc;
using RecruitRegistry.FeeAudits.Policies;
using RecruitRegistry.FeeAudits.Rates;
using RecruitRegistry.FeeAudits.Replicas;
using RecruitRegistry.FeeAudits.Reports;
using RecruitRegistry.Platform.Hosting;

namespace RecruitRegistry.FeeAudits;

/// <summary>Adds the FeeAudits service to a host: <c>builder.AddFeeAudits()</c>, <c>app.MapFeeAudits()</c>.</summary>
public static class FeeAuditsService
{
    /// <summary>Short name: database, queue prefix, health check tag.</summary>
    public const string Name = "feeaudits";

    /// <summary>The gRPC service name the health service reports on.</summary>
    public static readonly string GrpcServiceName = Contracts.FeeAudits.V1.FeeAudits.Descriptor.FullName;

    /// <summary>The service as hosts compose it (<see cref="ServiceModules.AddServices"/>).</summary>
    public static readonly ServiceModule Module = new(Name, FeeAuditsOptions.Section, bus => bus.AddFeeAuditsConsumers(), builder => builder.AddFeeAudits(), app => app.MapFeeAudits());

    public static IHostApplicationBuilder AddFeeAudits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedSettings<FeeAuditsOptions, FeeAuditsOptionsValidator>(FeeAuditsOptions.Section);
        builder.AddServiceDatabase<FeeAuditsDatabase>(Name, GrpcServiceName);
        var services = builder.Services;
        services.AddSingleton<CaseOpenings>();
        services.AddSingleton<CaseCommands>();
        services.AddSingleton<RefundCommands>();
        services.AddSingleton<CaseQueries>();
        services.AddSingleton<ContractAuditor>();
        services.AddSingleton<FeeChecks>();
        services.AddSingleton<AuditQueries>();
        services.AddSingleton<PolicyCommands>();
        services.AddSingleton<RateCommands>();
        services.AddSingleton<CorridorReports>();
        services.AddSingleton<CorridorConsistency>();
        services.AddSingleton<GrievanceFiling>();
        services.AddSingleton<GrievanceDecisions>();
        services.AddSingleton<GrievanceQueries>();
        services.AddSingleton<GrievanceOutcomes>();
        services.AddSingleton<GrievanceAppeals>();
        services.AddSingleton<OverdueSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<OverdueSweep>());
        return builder;
    }

    /// <summary>The FeeAudits consumers, registered on the host's one bus (queues "feeaudits.*").</summary>
    public static void AddFeeAuditsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddServiceConsumer<CorridorChangedConsumer>(Name);
        bus.AddServiceConsumer<AgencyChangedConsumer>(Name);
        bus.AddServiceBatchConsumer<ContractChangedConsumer>(Name); // the busiest queue: a transaction per batch
        bus.AddServiceConsumer<SubstitutionReportedConsumer>(Name);
        bus.AddServiceConsumer<FeesPaidReportedConsumer>(Name);
        bus.AddServiceConsumer<GrievanceFiledConsumer>(Name);
        bus.AddServiceConsumer<GrievanceAppealedConsumer>(Name);
    }

    public static WebApplication MapFeeAudits(this WebApplication app)
    {
        app.MapGrpcService<FeeAuditsGrpcService>();
        app.MapGrpcService<GrievancesGrpcService>();
        return app;
    }
}
