using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using RecruitRegistry.Bench.Common;
using RecruitRegistry.EndToEnd;
using RecruitRegistry.Testing;

// The worker portal's verify page beside the JSON endpoint it stands on (bench/run-portal.sh runs this). One standalone
// process (SQLite, the in-memory bus, rate limits off) with the NP→QA corridor and --contracts registered contracts;
// each round measures, with --callers callers for --seconds each, in alternating order:
//   json  POST /v1/contracts/{reference}:verify, JSON in and out (gRPC JSON transcoding);
//   page  POST /verify, the form a worker submits (with its antiforgery token and cookie), the HTML page out: the portal
//         calls VerifyContract over gRPC on the same process's loopback port and renders the answer;
//   grpc  VerifyContract over gRPC from here, on one shared channel as the portal's client has: the call inside a page;
//   form  GET /verify, the empty form (layout, language, antiforgery token): a page without any call.
// One line of name=value figures per round on standard output; progress on standard error.
var arguments = new Arguments(args);
var rounds = arguments.Int("--rounds", 3);
var seconds = TimeSpan.FromSeconds(arguments.Int("--seconds", 10));
var callers = arguments.Int("--callers", 16);
var count = arguments.Int("--contracts", 200);

await using var system = await StandaloneSystem.StartAsync();
var given = new CorridorScenario(system);
var agency = await given.CorridorWithAgencyAsync();
var keys = new List<(string Reference, string Code)>();
for (var i = 0; i < count; i++)
{
    var contract = await given.RegisterAsync(agency);
    keys.Add((contract.Reference, contract.VerificationCode));
}

Console.Error.WriteLine($"{count} contracts registered; {callers} callers, {seconds.TotalSeconds} s a phase, {rounds} rounds");

// Each caller its own connection and cookies, as each worker's phone has.
var clients = Enumerable.Range(0, callers).Select(_ => new HttpClient(new SocketsHttpHandler
{
    CookieContainer = new CookieContainer(),
    MaxConnectionsPerServer = 1,
})
{ BaseAddress = system.Http }).ToList();
var tokens = new string[callers];
for (var i = 0; i < callers; i++)
{
    var form = await clients[i].GetStringAsync(new Uri("/verify", UriKind.Relative));
    tokens[i] = Regex.Match(form, "name=\"af\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
}

async Task GrpcAsync(int caller, Random random)
{
    var (reference, code) = keys[random.Next(keys.Count)];
    await system.Contracts.VerifyContractAsync(new RecruitRegistry.Contracts.WorkerContracts.V1.VerifyContractRequest { Reference = reference, VerificationCode = code });
}

async Task FormAsync(int caller, Random random)
{
    using var response = await clients[caller].GetAsync(new Uri("/verify", UriKind.Relative));
    response.EnsureSuccessStatusCode();
    await response.Content.ReadAsStringAsync();
}

async Task JsonAsync(int caller, Random random)
{
    var (reference, code) = keys[random.Next(keys.Count)];
    using var response = await clients[caller].PostAsJsonAsync(new Uri($"/v1/contracts/{reference}:verify", UriKind.Relative), new { verificationCode = code });
    response.EnsureSuccessStatusCode();
    await response.Content.ReadAsStringAsync();
}

async Task PageAsync(int caller, Random random)
{
    var (reference, code) = keys[random.Next(keys.Count)];
    using var response = await clients[caller].PostAsync(new Uri("/verify", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["af"] = tokens[caller], ["Reference"] = reference, ["Code"] = code,
    }));
    response.EnsureSuccessStatusCode();
    var html = await response.Content.ReadAsStringAsync();
    if (!html.Contains(reference, StringComparison.Ordinal))
    {
        throw new InvalidOperationException("the verify page did not show the contract");
    }
}

for (var round = 1; round <= rounds; round++)
{
    var figures = new Dictionary<string, double>();
    foreach (var phase in round % 2 == 1 ? new[] { "json", "page", "grpc", "form" } : ["form", "grpc", "page", "json"])
    {
        Func<int, Random, Task> call = phase switch { "json" => JsonAsync, "page" => PageAsync, "grpc" => GrpcAsync, _ => FormAsync };
        var measured = await ClosedLoop.MeasureAsync(callers, seconds, call);
        Console.Error.WriteLine($"round {round} {phase}: {measured}");
        figures[phase] = measured.Rate;
        figures[phase + "_p50"] = measured.P50;
        figures[phase + "_p99"] = measured.P99;
        figures[phase + "_cpu"] = measured.ProcessCpu;
        figures[phase + "_kib"] = measured.Allocated / 1024;
    }

    Console.WriteLine(string.Join(' ', figures.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key}={f.Value:F2}"))));
}

clients.ForEach(c => c.Dispose());
