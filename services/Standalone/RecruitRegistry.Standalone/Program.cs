using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RecruitRegistry.FeeAudits;
using RecruitRegistry.Licensing;
using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Standalone;
using RecruitRegistry.WorkerContracts;

const string Help = """
    recruitregistry — RecruitRegistry standalone: Licensing, WorkerContracts and FeeAudits in one process,
    one SQLite file per service under the data directory, MassTransit's in-memory bus. Nothing to install.

    Usage:
      recruitregistry [--data-dir <dir>]          run the three services (gRPC on 127.0.0.1:5100, JSON on :5180)
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

var builder = WebApplication.CreateBuilder(rest);
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

builder.Services.AddHostedService<DataDirectoryGuard>(); // first: before the migrations open the SQLite files
builder.AddPlatform(
    bus => bus.AddLicensingConsumers(),
    bus => bus.AddWorkerContractsConsumers(),
    bus => bus.AddFeeAuditsConsumers());
builder.AddLicensing();
builder.AddWorkerContracts();
builder.AddFeeAudits();

var app = builder.Build();
app.MapPlatform();
app.MapLicensing();
app.MapWorkerContracts();
app.MapFeeAudits();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    Console.WriteLine($$"""

        RecruitRegistry standalone is running (data: {{StandaloneSettings.DataDirectory(builder.Configuration)}}).
          listening on: {{string.Join(", ", addresses)}}
          gRPC (HTTP/2, server reflection and grpc.health.v1): the Grpc endpoint; JSON transcoding: the Http endpoint.

          grpcurl -plaintext 127.0.0.1:{{StandaloneSettings.GrpcPort}} list
          grpcurl -plaintext -d '{"service":"recruit.licensing.v1.Licensing"}' 127.0.0.1:{{StandaloneSettings.GrpcPort}} grpc.health.v1.Health/Check
          TOKEN=$(dotnet run --project services/Standalone/RecruitRegistry.Standalone -- token --role authority --country NP)

        Ctrl-C stops it cleanly.
        """);
});

await app.RunAsync();
return 0;
