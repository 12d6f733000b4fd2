using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace RecruitRegistry.Platform.Hosting;

/// <summary>
/// A service as a host composes it: its short name (database, queue prefix, health tag), its configuration section
/// (<c>FeeAudits:Database:ConnectionString</c>), its consumers on the host's one bus, its registrations and its endpoints. Each service declares one (<c>FeeAuditsService.Module</c>); the service
/// hosts, the standalone host and the test hosts compose from a list of them.
/// </summary>
public sealed record ServiceModule(
    string Name,
    string Section,
    Action<IBusRegistrationConfigurator> AddConsumers,
    Action<IHostApplicationBuilder> Add,
    Action<WebApplication> Map);

public static class ServiceModules
{
    /// <summary>
    /// The platform (with every module's consumers and any <paramref name="extraConsumers"/>, e.g. a test's) and then each
    /// module's registrations.
    /// </summary>
    public static IHostApplicationBuilder AddServices(
        this IHostApplicationBuilder builder, IReadOnlyList<ServiceModule> modules, params Action<IBusRegistrationConfigurator>[] extraConsumers)
    {
        builder.AddPlatform([.. modules.Select(m => m.AddConsumers), .. extraConsumers]);
        foreach (var module in modules)
        {
            module.Add(builder);
        }

        return builder;
    }

    /// <summary>The platform's endpoints (health, reflection) and each module's.</summary>
    public static WebApplication MapServices(this WebApplication app, IReadOnlyList<ServiceModule> modules)
    {
        app.MapPlatform();
        foreach (var module in modules)
        {
            module.Map(app);
        }

        return app;
    }
}
