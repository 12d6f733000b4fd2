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

    public static string DataDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration["data-dir"] ?? configuration["DataDirectory"] ?? "data");

    public static void AddDefaults(ConfigurationManager configuration)
    {
        var data = DataDirectory(configuration);
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
            },
        });
    }

    private static string Sqlite(string directory, string name) =>
        $"Data Source={Path.Combine(directory, name + ".db")};Default Timeout=30";
}
