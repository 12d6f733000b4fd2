using System.Security.Cryptography;
using Grpc.Net.Client;
using RecruitRegistry.Testing;

namespace RecruitRegistry.EndToEnd;

/// <summary>
/// The README's run command: the standalone process (the three services, SQLite files, the in-memory bus) on a data
/// directory of its own, called through its gRPC port.
/// </summary>
public sealed class StandaloneSystem : RecruitSystem, IAsyncDisposable
{
    private readonly ChildProcess process;
    private readonly GrpcChannel channel;
    private readonly string directory;

    private StandaloneSystem(ChildProcess process, GrpcChannel channel, string directory, string signingKey)
        : base(channel, channel, channel, signingKey)
    {
        this.process = process;
        this.channel = channel;
        this.directory = directory;
    }

    public static async Task<StandaloneSystem> StartAsync()
    {
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var directory = Directory.CreateTempSubdirectory("recruit-standalone-").FullName;
        var grpcPort = LoopbackPort.Free();
        try
        {
            var process = await ChildProcess.StartAsync(
                ChildProcess.StandaloneDll,
                [
                    $"--data-dir={directory}",
                    $"--Auth:SigningKey={signingKey}",
                    "--Platform:RateLimit:Enabled=false", // the load generators call from one address
                    $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
                    $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{LoopbackPort.Free()}",
                ],
                readyLine: "standalone is running");
            return new StandaloneSystem(process, GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}"), directory, signingKey);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        channel.Dispose();
        await process.TerminateAsync();
        await process.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}
