using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Testing;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using LicensingApi = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.EndToEnd;

/// <summary>
/// The README's run command: the standalone process (the three services, SQLite files, the in-memory bus) on a data
/// directory of its own, called through its gRPC port.
/// </summary>
public sealed class StandaloneSystem : IRecruitSystem, IAsyncDisposable
{
    private readonly string signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string directory = Directory.CreateTempSubdirectory("recruit-standalone-").FullName;
    private ChildProcess? process;
    private GrpcChannel? channel;

    public LicensingApi.Licensing.LicensingClient Licensing { get; private set; } = null!;

    public ContractsApi.WorkerContracts.WorkerContractsClient Contracts { get; private set; } = null!;

    public AuditsApi.FeeAudits.FeeAuditsClient Audits { get; private set; } = null!;

    /// <summary>Where the SQLite files are.</summary>
    public string DataDirectory => directory;

    public static async Task<StandaloneSystem> StartAsync()
    {
        var system = new StandaloneSystem();
        try
        {
            var grpcPort = LoopbackPort.Free();
            system.process = await ChildProcess.StartAsync(
                ChildProcess.BuiltDll(Path.Combine("services", "Standalone", "RecruitRegistry.Standalone"), "recruitregistry"),
                [
                    $"--data-dir={system.directory}",
                    $"--Auth:SigningKey={system.signingKey}",
                    $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
                    $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{LoopbackPort.Free()}",
                ],
                readyLine: "standalone is running");
            system.channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
            system.Licensing = new LicensingApi.Licensing.LicensingClient(system.channel);
            system.Contracts = new ContractsApi.WorkerContracts.WorkerContractsClient(system.channel);
            system.Audits = new AuditsApi.FeeAudits.FeeAuditsClient(system.channel);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public CallOptions Authority(string country) => As(Roles.Authority, country);

    public CallOptions Auditor(string country) => As(Roles.Auditor, country);

    public CallOptions Agency(string agencyId) => As(Roles.Agency, agencyId: Guid.Parse(agencyId));

    private CallOptions As(string role, string? country = null, Guid? agencyId = null) =>
        new(new Metadata { { "authorization", "Bearer " + TokenFactory.Create(new AuthOptions { SigningKey = signingKey }, role, country, agencyId, lifetime: TimeSpan.FromHours(2)) } });

    public async ValueTask DisposeAsync()
    {
        channel?.Dispose();
        if (process is not null)
        {
            await process.TerminateAsync();
            await process.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }
}
