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

    private StandaloneSystem(ChildProcess process, GrpcChannel channel, Uri http, string directory, string signingKey)
        : base(channel, channel, channel, signingKey)
    {
        Http = http;
        this.process = process;
        this.channel = channel;
        this.directory = directory;
    }

    /// <summary>The HTTP/1.1 port: the JSON endpoints and the worker portal.</summary>
    public Uri Http { get; }

    /// <summary>What the standalone process printed so far (a test that fails reads it).</summary>
    public string Output => process.Output;

    /// <param name="rateLimit">Off by default: the load generators and browser tests call from one address.</param>
    /// <param name="settings">More "--Key=Value" settings.</param>
    public static async Task<StandaloneSystem> StartAsync(bool rateLimit = false, params string[] settings)
    {
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var directory = Directory.CreateTempSubdirectory("recruit-standalone-").FullName;
        var grpcPort = LoopbackPort.Free();
        var http = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        try
        {
            var process = await ChildProcess.StartAsync(
                ChildProcess.StandaloneDll,
                [
                    $"--data-dir={directory}",
                    $"--Auth:SigningKey={signingKey}",
                    $"--Platform:RateLimit:Enabled={rateLimit}",
                    $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
                    $"--Kestrel:Endpoints:Http:Url={http}",
                    .. settings,
                ],
                readyLine: "standalone is running");
            return new StandaloneSystem(process, GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}"), http, directory, signingKey);
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
