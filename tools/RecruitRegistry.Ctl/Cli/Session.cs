using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using LicensingApi = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.Ctl.Cli;

/// <summary>A command's connection to the services: their clients, the caller's token on every call, the output.</summary>
public sealed class Session : IDisposable
{
    private readonly List<GrpcChannel> channels = [];

    private Session(ParseResult parse, GlobalOptions globals, string token, Output output)
    {
        var server = parse.GetRequiredValue(globals.Server);
        Licensing = new(Channel(parse.GetValue(globals.Licensing) ?? server));
        Contracts = new(Channel(parse.GetValue(globals.Contracts) ?? server));
        Audits = new(Channel(parse.GetValue(globals.FeeAudits) ?? server));
        Caller = new CallOptions(new Metadata { { "authorization", "Bearer " + token } });
        Output = output;
    }

    public LicensingApi.Licensing.LicensingClient Licensing { get; }

    public ContractsApi.WorkerContracts.WorkerContractsClient Contracts { get; }

    public AuditsApi.FeeAudits.FeeAuditsClient Audits { get; }

    /// <summary>The token on every call; add the command's cancellation with WithCancellationToken.</summary>
    public CallOptions Caller { get; }

    public Output Output { get; }

    public CallOptions Call(CancellationToken ct) => Caller.WithCancellationToken(ct);

    /// <summary>The session for a parsed command line; a missing or unreadable token is a usage error.</summary>
    public static Session Open(ParseResult parse, GlobalOptions globals, Output output) => new(parse, globals, Token(parse, globals), output);

    public void Dispose() => channels.ForEach(c => c.Dispose());

    private static string Token(ParseResult parse, GlobalOptions globals)
    {
        var file = parse.GetValue(globals.TokenFile)?.FullName ?? Environment.GetEnvironmentVariable("RECRUIT_TOKEN_FILE");
        string? token;
        if (!string.IsNullOrEmpty(file))
        {
            try
            {
                token = File.ReadAllText(file).Trim();
            }
            catch (IOException e)
            {
                throw new UsageException($"cannot read the token file: {e.Message}");
            }
        }
        else
        {
            token = Environment.GetEnvironmentVariable("RECRUIT_TOKEN")?.Trim();
        }

        return string.IsNullOrEmpty(token)
            ? throw new UsageException("no token: set RECRUIT_TOKEN, or RECRUIT_TOKEN_FILE or --token-file to a file holding it (development: recruitctl token --help)")
            : token;
    }

    private GrpcChannel Channel(Uri address)
    {
        // A service that restarts, or a broken connection, is retried a few times before the command gives up (exit 4).
        // A write retried after it landed answers ALREADY_EXISTS, which an import counts as already present.
        var retry = new MethodConfig
        {
            Names = { MethodName.Default },
            RetryPolicy = new RetryPolicy
            {
                MaxAttempts = 5,
                InitialBackoff = TimeSpan.FromMilliseconds(500),
                MaxBackoff = TimeSpan.FromSeconds(5),
                BackoffMultiplier = 2,
                RetryableStatusCodes = { StatusCode.Unavailable },
            },
        };
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { ServiceConfig = new ServiceConfig { MethodConfigs = { retry } } });
        channels.Add(channel);
        return channel;
    }
}

/// <summary>A command line or file that cannot be used (exit 2): the message says what to change.</summary>
public sealed class UsageException(string message) : Exception(message);
