using Grpc.Health.V1;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using RecruitRegistry.Platform.Tests.Infrastructure;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Platform.Tests.Hosting;

/// <summary>The README's run command: the real standalone process answers health and reflection for every service.</summary>
public sealed class StandaloneHostTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("recruit-standalone-host-").FullName;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes; the suite runs where PostgreSQL does
    public async Task The_standalone_host_reports_every_service_serving_and_lists_them_through_reflection()
    {
        var grpcPort = LoopbackPort.Free();
        await using var host = await ChildProcess.StartAsync(ChildProcess.StandaloneDll,
        [
            $"--data-dir={directory}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{LoopbackPort.Free()}",
        ], readyLine: "standalone is running");

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var health = new HealthClient(channel);
        foreach (var service in new[] { "", "recruit.licensing.v1.Licensing", "recruit.contracts.v1.WorkerContracts", "recruit.feeaudits.v1.FeeAudits" })
        {
            var reply = await health.CheckAsync(new HealthCheckRequest { Service = service });
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        }

        var reflection = new ServerReflection.ServerReflectionClient(channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("recruit.licensing.v1.Licensing", services);
        Assert.Contains("recruit.contracts.v1.WorkerContracts", services);
        Assert.Contains("recruit.feeaudits.v1.FeeAudits", services);
        Assert.Contains("grpc.health.v1.Health", services);

        Assert.True(File.Exists(Path.Combine(directory, "licensing.db")));
        Assert.True(File.Exists(Path.Combine(directory, "dev-signing-key")));

        // Worker data and keys: the directory and every file in it (databases, their WAL and shared-memory files, keys)
        // are the owner's alone.
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        var files = Directory.GetFiles(directory);
        Assert.Contains(files, f => f.EndsWith("contracts.db-wal", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == OwnerOnly, $"{f}: {File.GetUnixFileMode(f)}"));
        await host.TerminateAsync();
    }

    [Theory]
    [InlineData("--Platform:RabbitMq:Port=0", "PlatformOptions.RabbitMq.Port")]
    [InlineData("--Licensing:Database:ConnectionString=", "LicensingOptions.Database.ConnectionString")]
    [InlineData("--WorkerContracts:Verification:FailuresPerClient=0", "WorkerContractsOptions.Verification.FailuresPerClient")]
    [InlineData("--FeeAudits:Database:ConnectionString=", "FeeAuditsOptions.Database.ConnectionString")]
    public async Task A_bad_nested_setting_stops_the_start_naming_it(string setting, string named)
    {
        // Nested settings of the platform and of each service: never checked before the generated validators.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ChildProcess.StartAsync(ChildProcess.StandaloneDll,
        [
            $"--data-dir={directory}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{LoopbackPort.Free()}",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{LoopbackPort.Free()}",
            setting,
        ], readyLine: "standalone is running"));

        Assert.Contains("OptionsValidationException", failure.Message, StringComparison.Ordinal);
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory, "*.db"));
    }

    [Fact]
    public async Task The_token_command_prints_a_token_for_a_role_and_refuses_a_bad_country()
    {
        await using (var ok = await ChildProcess.StartAsync(ChildProcess.StandaloneDll, ["token", "--role", "authority", "--country", "NP", $"--data-dir={directory}"], readyLine: "eyJ"))
        {
        }

        var bad = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ChildProcess.StartAsync(ChildProcess.StandaloneDll, ["token", "--role", "authority", "--country", "Nepal", $"--data-dir={directory}"], readyLine: "eyJ"));
        Assert.Contains("ISO 3166-1 alpha-2", bad.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
