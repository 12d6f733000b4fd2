using Microsoft.Extensions.Configuration.Memory;

namespace RecruitRegistry.Standalone;

/// <summary>
/// The standalone defaults: every file under one data directory, the in-memory bus, the development keys.
/// They sit below appsettings, the environment and the command line, so any of those can override them.
/// </summary>
internal static class StandaloneSettings
{
    public const int GrpcPort = 5100;
    public const int HttpPort = 5180;

    /// <summary>The gRPC and JSON endpoints as configured (the defaults, or what the command line or environment gave).</summary>
    public static (Uri Grpc, Uri Http) Endpoints(IConfiguration configuration) =>
        (new Uri(configuration["Kestrel:Endpoints:Grpc:Url"]!), new Uri(configuration["Kestrel:Endpoints:Http:Url"]!));

    public static string DataDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration["data-dir"] ?? configuration["DataDirectory"] ?? "data");

    public static void AddDefaults(ConfigurationManager configuration)
    {
        var data = DataDirectory(configuration);
        // The portal calls the services through their gRPC port, as it does in distributed mode.
        var services = Loopback(configuration["Kestrel:Endpoints:Grpc:Url"] ?? $"http://127.0.0.1:{GrpcPort}");
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Platform:Transport"] = "InMemory",
                ["Platform:GrpcReflection"] = "true", // a newcomer's grpcurl works at once
                ["Licensing:Database:Provider"] = "Sqlite",
                ["Licensing:Database:ConnectionString"] = Sqlite(data, "licensing"),
                ["WorkerContracts:Database:Provider"] = "Sqlite",
                ["WorkerContracts:Database:ConnectionString"] = Sqlite(data, "contracts"),
                ["WorkerContracts:SecretKeyFile"] = Path.Combine(data, "contracts-secret-key"),
                ["FeeAudits:Database:Provider"] = "Sqlite",
                ["FeeAudits:Database:ConnectionString"] = Sqlite(data, "feeaudits"),
                ["Auth:DevelopmentKeyFile"] = Path.Combine(data, "dev-signing-key"),
                ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{GrpcPort}",
                ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
                ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{HttpPort}",
                ["Kestrel:Endpoints:Http:Protocols"] = "Http1",
                ["Portal:Licensing"] = services,
                ["Portal:WorkerContracts"] = services,
                ["Portal:FeeAudits"] = services,
                ["Portal:KeysDirectory"] = Path.Combine(data, "portal-keys"),
                ["Console:Licensing"] = services,
                ["Console:WorkerContracts"] = services,
                ["Console:FeeAudits"] = services,
                ["Console:KeysDirectory"] = Path.Combine(data, "console-keys"),
                // The portal forwards each worker's address from loopback: the per-client limit counts workers, not it.
                ["Platform:ForwardedHeaders:Enabled"] = "true",
                ["Platform:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
                ["Platform:ForwardedHeaders:KnownProxies:1"] = "::1",
            },
        });
    }

    /// <summary>
    /// The data directory holds worker data and keys: only its owner may enter it (0700), and every file in it is the
    /// owner's alone (0600). The SQLite files are created here, empty, before SQLite opens them, because SQLite gives
    /// a new database the process's umask (usually world-readable) and its journal and WAL files the database's mode.
    /// </summary>
    public static void SecureDataDirectory(IConfiguration configuration)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var data = DataDirectory(configuration);
        Directory.CreateDirectory(data, OwnerOnly | UnixFileMode.UserExecute);
        File.SetUnixFileMode(data, OwnerOnly | UnixFileMode.UserExecute);
        foreach (var name in DatabaseNames)
        {
            var file = Path.Combine(data, name + ".db");
            if (!File.Exists(file))
            {
                using var _ = new FileStream(file, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
            }
        }

        foreach (var file in Directory.EnumerateFiles(data))
        {
            File.SetUnixFileMode(file, OwnerOnly);
        }
    }

    /// <summary>A listening address as a client dials it: a wildcard host ("0.0.0.0", "[::]", "*", "+") becomes loopback.</summary>
    private static string Loopback(string url)
    {
        var host = url.Split("://", 2)[^1].Split('/')[0];
        var port = host[(host.LastIndexOf(':') + 1)..];
        var name = host[..host.LastIndexOf(':')];
        return name is "0.0.0.0" or "[::]" or "*" or "+" ? $"http://127.0.0.1:{port}" : url;
    }

    private static readonly string[] DatabaseNames = ["licensing", "contracts", "feeaudits"];

    private static string Sqlite(string directory, string name) =>
        $"Data Source={Path.Combine(directory, name + ".db")};Default Timeout=30";
}

/// <summary>Secures the data directory once the settings are validated and before any service opens a file in it.</summary>
internal sealed class DataDirectoryGuard(IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        StandaloneSettings.SecureDataDirectory(configuration);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
