using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Platform.TestHost.Probes;

// Usage: RecruitRegistry.Platform.TestHost [--roles Source|Replica|Both] [--produce N] [--probes K] plus configuration
// (--Probe:Source:ConnectionString=..., --Platform:Transport=RabbitMq, ...). Prints "ready" once started.
var builder = WebApplication.CreateBuilder(args);
var roles = Enum.Parse<ProbeRoles>(builder.Configuration["roles"] ?? nameof(ProbeRoles.Both), ignoreCase: true);
builder.AddProbe(roles);
var produce = builder.Configuration.GetValue("produce", 0);
if (produce > 0)
{
    builder.Services.AddHostedService(sp => new ProbeProducer(
        sp.GetRequiredService<ProbeWriter>(), produce, builder.Configuration.GetValue("probes", 50)));
}

var app = builder.Build();
app.MapPlatform();
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine("ready"));
await app.RunAsync();
