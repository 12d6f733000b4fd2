using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Npgsql;
using RecruitRegistry.Bench.Common;
using RecruitRegistry.Bench.Distributed;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.EndToEnd;
using RecruitRegistry.Testing;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

// The distributed mode's figures (bench/run-distributed.sh starts PostgreSQL and RabbitMQ, then runs this). Each round
// starts the three service processes afresh (new databases, a new virtual host) and measures:
//   raw      a raw RabbitMQ publish-to-consume round trip on the same broker (the floor under every lag);
//   idle     registrations one at a time: the lag until FeeAudits' audit is visible in its database, and until the
//            audit outcome is back in WorkerContracts (two hops); a licence decision until WorkerContracts' replica has it;
//   steps    registrations at a fixed offered rate (open loop) for --seconds each, rising through --rates until the
//            consumers no longer keep up; the highest rate they kept up with, its lags, queue depths and memory.
// One line of name=value figures per round on standard output; progress on standard error.
var arguments = new Arguments(args);
var rounds = arguments.Int("--rounds", 3);
var stepSeconds = arguments.Int("--seconds", 15);
var idleCount = arguments.Int("--idle", 100);
var rates = arguments.Text("--rates", "25,50,100,150,200,300").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
var servers = new Servers();

for (var round = 1; round <= rounds; round++)
{
    await using var system = await DistributedSystem.StartAsync(servers);
    var run = await Run.PrepareAsync(system);
    var figures = new Dictionary<string, double>();

    var raw = await RawRoundTrip.MeasureAsync(servers.RabbitMq.Host, servers.RabbitMq.Port, system.VirtualHost, idleCount);
    figures["raw_p50"] = Percentiles.Of(raw, 0.50);
    figures["raw_p99"] = Percentiles.Of(raw, 0.99);

    var (audit, back) = await run.IdleAsync(idleCount);
    figures["idle_audit_p50"] = Percentiles.Of(audit, 0.50);
    figures["idle_audit_p99"] = Percentiles.Of(audit, 0.99);
    figures["idle_back_p50"] = Percentiles.Of(back, 0.50);
    figures["idle_back_p99"] = Percentiles.Of(back, 0.99);
    var licence = await run.LicenceDecisionsAsync(idleCount / 2);
    figures["idle_licence_p50"] = Percentiles.Of(licence, 0.50);
    figures["idle_licence_p99"] = Percentiles.Of(licence, 0.99);

    Step? kept = null;
    foreach (var rate in rates)
    {
        var step = await run.StepAsync(rate, TimeSpan.FromSeconds(stepSeconds));
        Console.Error.WriteLine($"round {round}: {step}");
        if (!step.KeptUp)
        {
            break;
        }

        kept = step;
    }

    if (kept is not null)
    {
        figures["sustained"] = kept.Offered;
        figures["load_achieved"] = kept.Achieved;
        figures["load_register_p99"] = Percentiles.Of(kept.Registration, 0.99);
        figures["load_audit_p50"] = Percentiles.Of(kept.Audit, 0.50);
        figures["load_audit_p99"] = Percentiles.Of(kept.Audit, 0.99);
        figures["load_back_p50"] = Percentiles.Of(kept.Back, 0.50);
        figures["load_back_p99"] = Percentiles.Of(kept.Back, 0.99);
        figures["load_max_ready"] = kept.MaxReady;
        figures["rss_licensing"] = kept.MaxRss["Licensing"];
        figures["rss_contracts"] = kept.MaxRss["WorkerContracts"];
        figures["rss_audits"] = kept.MaxRss["FeeAudits"];
    }

    await run.DisposeAsync();
    Console.WriteLine(string.Join(' ', figures.Select(f => $"{f.Key}={f.Value.ToString("0.###", CultureInfo.InvariantCulture)}")));
}

/// <summary>One offered rate held for a while, and what came of it.</summary>
internal sealed record Step(
    int Offered, double Achieved, int Failed, List<double> Registration, List<double> Audit, List<double> Back,
    long MaxReady, long LastReady, bool Drained, Dictionary<string, double> MaxRss)
{
    /// <summary>
    /// Every registration answered, at 95% of the offered rate or more; under a second's worth of messages still
    /// waiting in the queues at the end; every audit outcome back in WorkerContracts within 10 s of the last registration.
    /// </summary>
    public bool KeptUp => Failed == 0 && Achieved >= 0.95 * Offered && LastReady <= Offered && Drained;

    public override string ToString() =>
        FormattableString.Invariant($"offered {Offered}/s: achieved {Achieved:F1}/s, {Failed} failed, registration p99 {Percentiles.Of(Registration, 0.99):F1} ms, ") +
        FormattableString.Invariant($"audit p50/p99 {Percentiles.Of(Audit, 0.5):F1}/{Percentiles.Of(Audit, 0.99):F1} ms, back p50/p99 {Percentiles.Of(Back, 0.5):F1}/{Percentiles.Of(Back, 0.99):F1} ms, ") +
        FormattableString.Invariant($"ready max {MaxReady} last {LastReady}, drained {Drained}, RSS MiB {string.Join(", ", MaxRss.Select(r => FormattableString.Invariant($"{r.Key} {r.Value:F0}")))}: ") +
        (KeptUp ? "kept up" : "did not keep up");
}

/// <summary>The corridor, its agencies and the watchers of one round.</summary>
internal sealed class Run(DistributedSystem system, Agency[] agencies, Licence spare, Visibility audits, Visibility back) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, CallOptions> tokens = new();
    private int passports;

    public static async Task<Run> PrepareAsync(DistributedSystem system)
    {
        var scenario = new CorridorScenario(system);
        await scenario.OpenCorridorAsync(threshold: 3);
        var agencies = new Agency[4];
        for (var i = 0; i < agencies.Length; i++)
        {
            agencies[i] = await scenario.LicensedAgencyAsync($"Agency {i + 1} Pvt. Ltd.");
        }

        var (spare, _) = await scenario.LicenseAsync(await scenario.RegisterAgencyAsync(name: "Spare Overseas Pvt. Ltd."));
        await system.ConvergedAsync("NP", "QA", TimeSpan.FromSeconds(30));
        var interval = TimeSpan.FromMilliseconds(5);
        var audits = new Visibility("FeeAudits audit", system.AuditsProcess.Database, "SELECT contract_id FROM audits WHERE contract_id = ANY(@ids)", interval);
        var back = new Visibility("audit outcome in WorkerContracts", system.ContractsProcess.Database, "SELECT contract_id FROM contract_audits WHERE contract_id = ANY(@ids)", interval);
        audits.Start();
        back.Start();
        return new Run(system, agencies, spare, audits, back);
    }

    /// <summary>Registrations one at a time, 50 ms apart, each followed until its audit outcome is back.</summary>
    public async Task<(List<double> Audit, List<double> Back)> IdleAsync(int count)
    {
        for (var i = 0; i < count + 10; i++)
        {
            await RegisterAsync(TimeSpan.FromSeconds(10));
            await back.DrainedAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(50);
            if (i == 9) // warm-up: connections, JIT, plans
            {
                audits.Take();
                back.Take();
            }
        }

        return (audits.Take(), back.Take());
    }

    /// <summary>Nepal suspends and reinstates a licence in turn; each time until WorkerContracts' replica holds the new version.</summary>
    public async Task<List<double>> LicenceDecisionsAsync(int count)
    {
        await using var connection = new NpgsqlConnection(system.ContractsProcess.Database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT version FROM licence_replicas WHERE id = @id", connection);
        query.Parameters.AddWithValue("id", Guid.Parse(spare.Id));
        var licence = spare;
        var lags = new List<double>();
        for (var i = 0; i < count + 4; i++)
        {
            var decision = new LicenceDecisionRequest
            {
                LicenceId = licence.Id, ExpectedVersion = licence.Version, Reason = "Benchmark: a decision to replicate", LegalBasis = "Foreign Employment Act 2064, s.16",
            };
            licence = i % 2 == 0
                ? await system.Licensing.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = decision }, system.Authority("NP"))
                : await system.Licensing.ReinstateLicenceAsync(decision, system.Authority("NP"));
            var answered = Stopwatch.GetTimestamp();
            while ((long)(await query.ExecuteScalarAsync())! < licence.Version)
            {
                await Task.Delay(2);
            }

            if (i >= 4)
            {
                lags.Add(Stopwatch.GetElapsedTime(answered).TotalMilliseconds);
            }

            await Task.Delay(50);
        }

        return lags;
    }

    /// <summary>Registrations issued at <paramref name="rate"/> a second whatever the answers take (an open loop).</summary>
    public async Task<Step> StepAsync(int rate, TimeSpan length)
    {
        // Each stage is logged as it starts: a step that never returns shows where it stopped.
        void Stage(string what) => Console.Error.WriteLine(FormattableString.Invariant($"[{DateTime.UtcNow:HH:mm:ss}] step {rate}/s: {what}"));
        Stage("starting the sampler");
        await using var sampler = await Sampler.StartAsync(system);
        Stage("issuing registrations");
        var total = (int)(rate * length.TotalSeconds);
        var registration = new ConcurrentBag<double>();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var calls = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            calls.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                if (await RegisterAsync(TimeSpan.FromSeconds(10)))
                {
                    registration.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }));
        }

        Stage("all issued; waiting for the answers");
        await Task.WhenAll(calls);
        var achieved = registration.Count / clock.Elapsed.TotalSeconds;
        var lastReady = sampler.LastReady;
        Stage($"answered; waiting for {audits.Waiting} audits and {back.Waiting} outcomes to be visible");
        var drained = await audits.DrainedAsync(TimeSpan.FromSeconds(10)) & await back.DrainedAsync(TimeSpan.FromSeconds(10));
        Stage("stopping the sampler");
        await sampler.StopAsync();
        return new Step(rate, achieved, failed, [.. registration], audits.Take(), back.Take(), sampler.MaxReady, lastReady, drained, new(sampler.MaxRss));
    }

    /// <summary>One registration by one of the agencies, a mix of women and men, domestic work and construction, a
    /// quarter with a service fee Qatar's Law 14/2004 Art. 33 forbids (a VIOLATION, so a case too).</summary>
    private async Task<bool> RegisterAsync(TimeSpan deadline)
    {
        var n = Interlocked.Increment(ref passports);
        var agency = agencies[n % agencies.Length];
        var request = CorridorScenario.Registration(
            agency, n % 2 == 0 ? ContractsApi.Sex.F : ContractsApi.Sex.M, n % 3 == 0 ? Sector.DomesticWork : Sector.Construction, n % 4 == 0 ? "8000.00" : null);
        request.Worker.PassportNumber = $"PB{n:D7}";
        var options = tokens.GetOrAdd(agency.Id, system.Agency).WithDeadline(DateTime.UtcNow + deadline);
        try
        {
            var reply = await system.Contracts.RegisterContractAsync(request, options);
            var id = Guid.Parse(reply.ContractId);
            audits.Expect(id);
            back.Expect(id);
            return true;
        }
        catch (RpcException e)
        {
            Console.Error.WriteLine($"registration {n}: {e.StatusCode} {e.Status.Detail}");
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await audits.DisposeAsync();
        await back.DisposeAsync();
    }
}
