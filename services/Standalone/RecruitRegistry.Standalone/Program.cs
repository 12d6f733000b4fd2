using RecruitRegistry.AuthorityConsole;
using RecruitRegistry.FeeAudits;
using RecruitRegistry.Licensing;
using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Portal;
using RecruitRegistry.Standalone;
using RecruitRegistry.WorkerContracts;

const string Help = """
    recruitregistry — RecruitRegistry standalone: Licensing, WorkerContracts and FeeAudits in one process,
    one SQLite file per service under the data directory, MassTransit's in-memory bus, the worker portal
    (web pages in ten languages) at / and the authority console at /console on the JSON port. Nothing to install.
    It runs as a Development host unless ASPNETCORE_ENVIRONMENT says otherwise: the console then offers its
    development sign-in (pick a role and a country), marked as such on every page.

    Usage:
      recruitregistry [--data-dir <dir>] [--demo] run the three services (gRPC on 127.0.0.1:5100, JSON and the portal on :5180);
                                                  --demo also opens NP→QA, licenses an agency, registers a contract
                                                  and prints its reference and verification code (the README's examples)
      recruitregistry token --role <role> ...     print a development bearer token (see "token --help")
      recruitregistry --help                      this text

    Every setting can be overridden by environment variables (Platform__Outbox__PollInterval=00:00:01) or
    arguments (--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:6100). See docs/configuration in README.md.
    """;

var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "run";
var rest = command == "run" ? args : args[1..];
if (rest.Contains("--help") || rest.Contains("-h"))
{
    Console.WriteLine(command == "token" ? TokenCommand.Usage : Help);
    return 0;
}

var demo = command == "run" && rest.Contains("--demo"); // a flag, not a configuration key=value pair
// A development tool: Development unless the environment names another (the console's development sign-in needs it).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = rest.Where(a => a != "--demo").ToArray(),
    EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development,
});
StandaloneSettings.AddDefaults(builder.Configuration);

switch (command)
{
    case "token":
        return TokenCommand.Run(builder.Configuration, Console.Out, Console.Error);
    case "run":
        break;
    default:
        Console.Error.WriteLine($"Unknown command '{command}'.");
        Console.Error.WriteLine(Help);
        return 2;
}

builder.Services.AddSingleton<DemoSeed>();
builder.Services.AddHostedService<DataDirectoryGuard>(); // first: before the migrations open the SQLite files
ServiceModule[] modules = [LicensingService.Module, WorkerContractsService.Module, FeeAuditsService.Module];
builder.AddServices(modules);
builder.AddPortal();
builder.AddAuthorityConsole();

var app = builder.Build();
app.MapServices(modules);
app.MapPortal(); // the worker portal at "/" (only the HTTP/1.1 port serves browsers)
app.MapAuthorityConsole(); // the authority console at "/console"

app.Lifetime.ApplicationStarted.Register(() =>
{
    var urls = StandaloneSettings.Endpoints(builder.Configuration);
    var token = TokenCommand.Invocation("--role authority --country NP", StandaloneSettings.DataDirectory(builder.Configuration));
    Console.WriteLine($$"""

        RecruitRegistry standalone is running (data: {{StandaloneSettings.DataDirectory(builder.Configuration)}}).
          gRPC (HTTP/2, server reflection, grpc.health.v1): {{urls.Grpc}}
          JSON (gRPC JSON transcoding, HTTP/1.1):           {{urls.Http}}
          Worker portal (a browser, ten languages):         {{urls.Http}}
          Authority console (development sign-in):         {{urls.Http}}console

          grpcurl -plaintext {{urls.Grpc.Authority}} list
          TOKEN=$({{token}})
          grpcurl -plaintext -H "authorization: Bearer $TOKEN" {{urls.Grpc.Authority}} describe recruit.licensing.v1.Licensing

        Ctrl-C stops it cleanly.
        """);
    if (demo)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                var demo = await app.Services.GetRequiredService<DemoSeed>().RunAsync(urls.Grpc, app.Lifetime.ApplicationStopping);
                Console.WriteLine($$"""
                    Demo data: corridor NP→QA open, "Demo Overseas Pvt. Ltd." licensed, one contract registered. For the README's examples:
                      export REF={{demo.Reference}} CODE={{demo.VerificationCode}}

                    """);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine($"The demo data could not be made: {e.Message}");
            }
        });
    }
});

await app.RunAsync();
return 0;
