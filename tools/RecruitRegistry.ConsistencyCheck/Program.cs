using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using RecruitRegistry.ConsistencyCheck;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using LicensingApi = RecruitRegistry.Contracts.Licensing.V1;

const string Usage = """
    consistency-check --corridor NP-QA [--repair] [--wait 30]
                      [--licensing http://127.0.0.1:5101] [--contracts http://127.0.0.1:5102] [--feeaudits http://127.0.0.1:5103]

      Compares the corridor's digests of the three services, kind by kind, between each kind's owner (corridor, agency,
      licence: Licensing; contract: WorkerContracts; case: FeeAudits) and the services that replicate it. With --repair,
      each owner of a differing kind republishes the corridor, and the check is repeated until the digests agree or
      --wait seconds have passed. Reads a bearer token of an authority of the corridor from RECRUIT_TOKEN
      (republishing is for authorities; e.g. from the standalone host's "token --role authority --country NP").
      Exit: 0 consistent (or repaired), 1 still different, 2 usage or connection error.
    """;

var options = new Dictionary<string, string>(StringComparer.Ordinal);
var repair = false;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--repair")
    {
        repair = true;
    }
    else if (args[i] is "--help" or "-h")
    {
        Console.WriteLine(Usage);
        return 0;
    }
    else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        options[args[i][2..]] = args[++i];
    }
    else
    {
        Console.Error.WriteLine($"unexpected argument '{args[i]}'\n\n{Usage}");
        return 2;
    }
}

var corridor = options.GetValueOrDefault("corridor", "").Split('-');
var token = Environment.GetEnvironmentVariable("RECRUIT_TOKEN");
if (corridor is not [{ Length: 2 } origin, { Length: 2 } destination] || string.IsNullOrEmpty(token))
{
    Console.Error.WriteLine($"--corridor ORIGIN-DESTINATION and RECRUIT_TOKEN are required\n\n{Usage}");
    return 2;
}

var wait = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("wait", "30"), CultureInfo.InvariantCulture));
using var licensing = GrpcChannel.ForAddress(options.GetValueOrDefault("licensing", "http://127.0.0.1:5101"));
using var contracts = GrpcChannel.ForAddress(options.GetValueOrDefault("contracts", "http://127.0.0.1:5102"));
using var audits = GrpcChannel.ForAddress(options.GetValueOrDefault("feeaudits", "http://127.0.0.1:5103"));
var checker = new CorridorChecker(
    new LicensingApi.Licensing.LicensingClient(licensing),
    new ContractsApi.WorkerContracts.WorkerContractsClient(contracts),
    new AuditsApi.FeeAudits.FeeAuditsClient(audits),
    new CallOptions(new Metadata { { "authorization", "Bearer " + token } }));

try
{
    var result = await checker.CheckAsync(origin.ToUpperInvariant(), destination.ToUpperInvariant(), repair, wait);
    Console.WriteLine($"corridor {origin}-{destination}:");
    result.Before.ToList().ForEach(c => Console.WriteLine("  " + c));
    if (result.Republished.Count > 0)
    {
        Console.WriteLine("republished:");
        result.Republished.ToList().ForEach(r => Console.WriteLine("  " + r));
        Console.WriteLine("after:");
        result.After.ToList().ForEach(c => Console.WriteLine("  " + c));
        result.Repaired.ToList().ForEach(c => Console.WriteLine($"  repaired: {c.Kind} in {c.Holder}"));
    }

    Console.WriteLine(result.ConsistentAfter ? "consistent" : "STILL DIFFERENT");
    return result.ConsistentAfter ? 0 : 1;
}
catch (RpcException e)
{
    Console.Error.WriteLine($"{e.StatusCode}: {e.Status.Detail}");
    return 2;
}
