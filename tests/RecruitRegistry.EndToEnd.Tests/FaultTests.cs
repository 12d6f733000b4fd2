using System.Diagnostics;
using System.Globalization;
using Dapper;
using Grpc.Core;
using Npgsql;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Testing;
using Xunit.Abstractions;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;

namespace RecruitRegistry.EndToEnd.Tests;

/// <summary>
/// The fault suite: 2,000 registrations (and licence decisions around them) under way while a service is killed, the
/// broker is stopped or PostgreSQL restarts, while Nepal toggles one agency's licence and Qatar's auditor confirms a third
/// agency's cases one by one past the corridor's compliance threshold, and workers and a help desk file grievances.
/// Afterwards every acknowledged registration exists exactly once, no refused one exists, every contract was audited
/// and replicated exactly once, Licensing's compliance record holds exactly the confirmed cases and the automatic
/// suspension followed, every acknowledged grievance is in FeeAudits once, no message waits in a queue or an error
/// queue, and the corridor digests of the three services agree (cases and grievances included). Each run appends its row to the summary table
/// (docs/reliability.md) in $RECRUIT_RELIABILITY_REPORT when set.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class FaultTests(Servers servers, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Registrations = 2000;
    private const int SuspensionThreshold = 3;
    private static readonly TimeSpan Spread = TimeSpan.FromSeconds(40);
    // The digests agree within 10 s of recovery; after a broker outage within 45 s, since consumers reconnect on
    // MassTransit's own schedule (up to 30 s between attempts, ±25%). The queue depths come from rabbitmqctl, which sees
    // a quorum queue's depth only on its Raft tick: the test broker ticks every 250 ms (scripts/lib/servers.sh).
    private static readonly TimeSpan ConvergenceBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan BrokerConvergenceBound = TimeSpan.FromSeconds(45);
    private DistributedSystem system = null!;

    public async Task InitializeAsync() => system = await DistributedSystem.StartAsync(servers);

    public async Task DisposeAsync() => await system.DisposeAsync();

    [Fact]
    public async Task Each_service_killed_in_turn_and_restarted_loses_and_duplicates_nothing() =>
        await RunAsync("kill -9 each service in turn, restart it", ConvergenceBound, async () =>
        {
            foreach (var process in new[] { system.ContractsProcess, system.AuditsProcess, system.LicensingProcess })
            {
                await Task.Delay(TimeSpan.FromSeconds(8));
                output.WriteLine($"{Now} kill -9 {process.Name} (PID {process.Pid})");
                await process.KillAsync();
                await process.StartAsync();
                output.WriteLine($"{Now} {process.Name} SERVING again (PID {process.Pid})");
            }
        });

    [Fact]
    public async Task The_broker_stopped_for_twenty_seconds_loses_and_duplicates_nothing() =>
        await RunAsync("RabbitMQ stopped for 20 s, started again", BrokerConvergenceBound, async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(6));
            output.WriteLine($"{Now} RabbitMQ stop_app");
            await servers.RabbitMq.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(20));
            await servers.RabbitMq.StartAsync();
            output.WriteLine($"{Now} RabbitMQ started");
        });

    [Fact]
    public async Task PostgreSQL_restarted_under_load_loses_and_duplicates_nothing() =>
        await RunAsync("PostgreSQL restarted (pg_ctl restart -m fast)", ConvergenceBound, async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            output.WriteLine($"{Now} PostgreSQL restart");
            await servers.Postgres.RestartAsync();
            output.WriteLine($"{Now} PostgreSQL accepting connections");
        });

    private static string Now => DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private async Task RunAsync(string fault, TimeSpan bound, Func<Task> inject)
    {
        var given = new CorridorScenario(system);
        await given.OpenCorridorAsync(threshold: SuspensionThreshold);
        var steady = await given.LicensedAgencyAsync();
        var toggled = await given.RegisterAgencyAsync(name: "Everest Manpower Pvt. Ltd.");
        var (toggledLicence, _) = await given.LicenseAsync(toggled);
        var audited = await given.RegisterAgencyAsync(name: "Annapurna Placement Pvt. Ltd.");
        var (auditedLicence, _) = await given.LicenseAsync(audited);
        await system.ConvergedAsync("NP", "QA", TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        using var stopDecisions = new CancellationTokenSource();
        var decisions = ToggleAsync(toggledLicence, stopDecisions.Token);
        var confirmations = ConfirmCasesAsync(audited.Id, stopDecisions.Token);
        var loadResult = new LoadResult();
        var grievances = FileGrievancesAsync(loadResult, stopDecisions.Token);
        var load = new RegistrationLoad(system, steady, toggled, audited).RunAsync(loadResult, Registrations, clients: 16, Spread);
        await inject();
        var recovered = clock.Elapsed;
        var result = await load;
        await stopDecisions.CancelAsync();
        var decided = await decisions;
        var confirmed = await confirmations;
        var filed = await grievances;
        var quiet = clock.Elapsed;
        output.WriteLine($"{Now} load done: {result}; {decided} licence decisions, {confirmed} case confirmations and {filed.Count} grievances acknowledged");

        // Converged: measured from the later of the recovery and the last answer of the load. The services' logs are
        // kept whether or not they converge: a run that does not is the one worth reading.
        TimeSpan converged;
        try
        {
            await system.ConvergedAsync("NP", "QA", TimeSpan.FromSeconds(120));
            await Eventually.Until(
                async () => string.Join(", ", (await QueuesAsync()).Where(q => q.Value > 0).Select(q => $"{q.Key}: {q.Value}")),
                waiting => waiting.Length == 0, TimeSpan.FromSeconds(60), "every queue to be drained");
            converged = clock.Elapsed - (recovered > quiet ? recovered : quiet);
        }
        finally
        {
            await KeepLogsAsync(fault);
        }

        var (lost, duplicated) = await CheckAsync(result);
        var (lostGrievances, duplicatedGrievances) = await CheckGrievancesAsync(filed);
        (lost, duplicated) = (lost + lostGrievances, duplicated + duplicatedGrievances);
        await CheckComplianceAsync(audited.Id, auditedLicence, confirmed);
        var row = $"| {fault} | {Registrations:N0} registrations, {decided} licence decisions, {confirmed} cases confirmed, {filed.Count} grievances filed | {result.Count(Outcome.Acknowledged):N0} acknowledged, {result.Count(Outcome.Refused):N0} refused, {result.Count(Outcome.Unanswered)} unanswered ({result.Retries:N0} client retries) | {lost} | {duplicated} | {converged.TotalSeconds:F1} s |";
        output.WriteLine(row);
        if (Environment.GetEnvironmentVariable("RECRUIT_RELIABILITY_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, row + Environment.NewLine);
        }

        Assert.Equal(0, lost);
        Assert.Equal(0, duplicated);
        Assert.Equal(Registrations, result.Requests.Count);
        Assert.Equal(0, result.Count(Outcome.Unanswered));
        Assert.True(result.Count(Outcome.Refused) >= Registrations / 10, "every tenth worker is under age: " + result);
        Assert.True(converged <= bound, $"digests agreed {converged.TotalSeconds:F1} s after recovery (bound {bound.TotalSeconds} s)");
        Assert.True(filed.Count >= 10, $"only {filed.Count} grievances filed during the fault");
    }

    /// <summary>
    /// Grievances about the contracts registered so far, one a second: in turn a worker files with reference and code
    /// (WorkerContracts, then GrievanceFiled to FeeAudits) and Qatar's help desk files for a worker (FeeAudits). A filing
    /// that failed in transit is sent again as it was (the same content names the same grievance; the same request id
    /// too), for up to the load's patience. Returns the grievance ids acknowledged.
    /// </summary>
    private async Task<IReadOnlyList<string>> FileGrievancesAsync(LoadResult load, CancellationToken stop)
    {
        var filed = new List<string>();
        var next = 0;
        while (!stop.IsCancellationRequested)
        {
            if (load.Acknowledged.Skip(next * 7).FirstOrDefault() is { ContractId: not null } contract)
            {
                var byWorker = next % 2 == 0;
                var account = $"Grievance {next} filed during the fault: passport kept by the employer";
                var helpDesk = new AuditsApi.FileGrievanceRequest
                {
                    ContractId = contract.ContractId, Kind = AuditsApi.GrievanceKind.DocumentsRetained, Account = account, RequestId = Guid.NewGuid().ToString(),
                };
                var patience = Stopwatch.StartNew();
                while (true)
                {
                    try
                    {
                        filed.Add(byWorker
                            ? (await system.Contracts.FileGrievanceAsync(new Contracts.WorkerContracts.V1.FileGrievanceRequest
                            {
                                Reference = contract.Reference, VerificationCode = contract.Code, Kind = AuditsApi.GrievanceKind.WagesWithheld, Account = account,
                            }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: CancellationToken.None)).GrievanceId
                            : (await system.Grievances.FileGrievanceAsync(helpDesk, system.Authority("QA").WithDeadline(DateTime.UtcNow.AddSeconds(10)))).Id);
                        break;
                    }
                    catch (RpcException e) when (e.StatusCode != StatusCode.InvalidArgument && patience.Elapsed < RegistrationLoad.Patience)
                    {
                        // In transit, or FeeAudits' replica of a contract just registered not there yet (NOT_FOUND): again.
                        await Task.Delay(500, CancellationToken.None);
                    }
                }

                next++;
            }

            try
            {
                await Task.Delay(1000, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return filed;
    }

    /// <summary>Every acknowledged grievance is in FeeAudits once, and each worker filing became exactly one grievance.</summary>
    private async Task<(int Lost, int Duplicated)> CheckGrievancesAsync(IReadOnlyList<string> acknowledged)
    {
        await using var contracts = new NpgsqlConnection(system.ContractsProcess.Database);
        await using var audits = new NpgsqlConnection(system.AuditsProcess.Database);
        var ids = (await audits.QueryAsync<Guid>("SELECT id FROM grievances")).Select(id => id.ToString()).ToHashSet();
        var lost = acknowledged.Count(id => !ids.Contains(id));
        var workerFilings = await contracts.QuerySingleAsync<long>("SELECT COUNT(*) FROM grievance_filings");
        var (byWorkers, distinct) = await audits.QuerySingleAsync<(long, long)>(
            "SELECT COUNT(*) FILTER (WHERE filed_by = 'WORKER'), COUNT(DISTINCT (contract_id, kind, account)) - COUNT(*) FROM grievances");
        output.WriteLine($"grievances: {acknowledged.Count} acknowledged, {ids.Count} in FeeAudits, {workerFilings} worker filings, {byWorkers} of them in FeeAudits");
        Assert.Equal(workerFilings, byWorkers);
        return (lost, (int)-distinct);
    }

    private async Task KeepLogsAsync(string fault)
    {
        var logs = Environment.GetEnvironmentVariable("RECRUIT_FAULT_LOGS");
        foreach (var process in system.Processes)
        {
            // What the services said of the fault themselves (the outbox relay, consumers), not MassTransit's reconnects.
            var said = process.Output.Split('\n').Where(l => l.Contains(": RecruitRegistry", StringComparison.Ordinal) || l.Contains("fail: ", StringComparison.Ordinal));
            output.WriteLine($"--- {process.Name}:\n{string.Join('\n', said.Take(30))}");
            if (!string.IsNullOrEmpty(logs))
            {
                // Everything the process wrote since its last start, for a look at a slow or failed run afterwards.
                Directory.CreateDirectory(logs);
                var file = Path.Combine(logs, $"{new string(fault.Where(char.IsLetterOrDigit).ToArray())}-{process.Name}-{DateTime.UtcNow:HHmmss}.log");
                await File.WriteAllTextAsync(file, process.Output);
            }
        }
    }

    /// <summary>Nepal suspends and reinstates the second agency's licence, one decision every second and a half.</summary>
    private async Task<int> ToggleAsync(Licence licence, CancellationToken stop)
    {
        var nepal = system.Authority("NP");
        var decided = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var current = await system.Licensing.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, nepal.WithDeadline(DateTime.UtcNow.AddSeconds(10)));
                var decision = new LicenceDecisionRequest
                {
                    LicenceId = licence.Id, ExpectedVersion = current.Version, Reason = "Inspection of the branch office", LegalBasis = "Foreign Employment Act 2064, s.18",
                };
                _ = current.State == LicenceState.Active
                    ? await system.Licensing.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = decision }, nepal.WithDeadline(DateTime.UtcNow.AddSeconds(10)))
                    : await system.Licensing.ReinstateLicenceAsync(decision, nepal.WithDeadline(DateTime.UtcNow.AddSeconds(10)));
                decided++;
            }
            catch (RpcException)
            {
                // In transit (the service or its servers are away) or a stale version after an unanswered decision:
                // read the licence again next time.
            }

            try
            {
                await Task.Delay(1500, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return decided;
    }

    /// <summary>Qatar's auditor takes the agency's open cases one by one and confirms them, one every two seconds.</summary>
    private async Task<int> ConfirmCasesAsync(string agencyId, CancellationToken stop)
    {
        var qatar = system.Auditor("QA");
        var confirmed = 0;
        while (!stop.IsCancellationRequested && confirmed < 2 * SuspensionThreshold)
        {
            try
            {
                var open = await system.Audits.ListCasesAsync(new AuditsApi.ListCasesRequest
                {
                    OriginCountry = "NP", DestinationCountry = "QA", AgencyId = agencyId, State = AuditsApi.CaseState.Open,
                }, qatar.WithDeadline(DateTime.UtcNow.AddSeconds(10)));
                if (open.Cases.FirstOrDefault() is { } c)
                {
                    var assigned = await system.Audits.AssignCaseAsync(CorridorScenario.Decision(c), qatar.WithDeadline(DateTime.UtcNow.AddSeconds(10)));
                    await system.Audits.ConfirmCaseAsync(new AuditsApi.ConfirmCaseRequest { Decision = CorridorScenario.Decision(assigned) },
                        qatar.WithDeadline(DateTime.UtcNow.AddSeconds(10)));
                    confirmed++;
                }
            }
            catch (RpcException)
            {
                // In transit, or a decision whose answer was lost (a stale version next time): look again.
            }

            try
            {
                await Task.Delay(2000, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return confirmed;
    }

    /// <summary>
    /// Licensing's compliance record holds exactly the agency's cases FeeAudits confirmed (none lost, none twice), and
    /// past the threshold the system suspended its licence.
    /// </summary>
    private async Task CheckComplianceAsync(string agencyId, Licence licence, int acknowledged)
    {
        await using var audits = new NpgsqlConnection(system.AuditsProcess.Database);
        var confirmedIds = (await audits.QueryAsync<Guid>(
            "SELECT id FROM cases WHERE agency_id = @Agency AND state = 'CONFIRMED'", new { Agency = Guid.Parse(agencyId) })).Select(id => id.ToString()).Order().ToList();
        Assert.True(confirmedIds.Count >= acknowledged, $"{confirmedIds.Count} confirmed cases for {acknowledged} acknowledged confirmations");
        Assert.True(confirmedIds.Count >= SuspensionThreshold, $"only {confirmedIds.Count} cases confirmed during the fault");
        var record = await system.Licensing.GetComplianceRecordAsync(new GetAgencyRequest { AgencyId = agencyId }, system.Authority("NP"));
        Assert.Equal(confirmedIds, record.CaseIds.Order().ToList());
        var history = await system.Licensing.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = licence.Id }, system.Authority("NP"));
        Assert.Contains(history.Decisions, d => d.Kind == DecisionKind.Suspend && d.Metadata.Actor == "system");
    }

    private async Task<IReadOnlyDictionary<string, long>> QueuesAsync() => await servers.RabbitMq.QueueDepthsAsync(system.VirtualHost);

    /// <summary>Counts what was lost and what was applied twice, across the three databases and the broker.</summary>
    private async Task<(int Lost, int Duplicated)> CheckAsync(LoadResult result)
    {
        await using var contracts = new NpgsqlConnection(system.ContractsProcess.Database);
        await using var audits = new NpgsqlConnection(system.AuditsProcess.Database);
        var registered = (await contracts.QueryAsync<(Guid AgencyId, string RequestId, Guid ContractId)>(
            "SELECT agency_id, request_id, contract_id FROM registration_requests")).ToDictionary(r => r.RequestId);
        var lost = 0;
        foreach (var (requestId, (outcome, _, contractId)) in result.Requests)
        {
            var found = registered.TryGetValue(requestId, out var row);
            if (outcome == Outcome.Acknowledged && (!found || row.ContractId.ToString() != contractId))
            {
                lost++;
                output.WriteLine($"acknowledged {requestId} -> {contractId} is missing");
            }

            Assert.False(outcome == Outcome.Refused && found, $"refused registration {requestId} exists as {row.ContractId}");
        }

        var counts = await contracts.QuerySingleAsync<(long Contracts, long Passports, long Requests, long AuditOutcomes)>("""
            SELECT (SELECT COUNT(*) FROM contracts), (SELECT COUNT(DISTINCT passport_hash) FROM contracts),
                   (SELECT COUNT(*) FROM registration_requests), (SELECT COUNT(*) FROM contract_audits)
            """);
        var audited = await audits.QuerySingleAsync<(long Replicas, long Audits, long Audited, long Violations, long Cases, long AuditCases)>("""
            SELECT (SELECT COUNT(*) FROM contract_replicas), (SELECT COUNT(*) FROM audits), (SELECT COUNT(DISTINCT contract_id) FROM audits),
                   (SELECT COUNT(*) FROM audits WHERE outcome = 'VIOLATION'), (SELECT COUNT(*) FROM cases),
                   (SELECT COUNT(DISTINCT contract_id) FROM cases)
            """);
        output.WriteLine($"WorkerContracts: {counts}; FeeAudits: {audited}");

        // A registration applied twice would be a second contract for the same worker (each request has its own passport).
        var duplicated = (int)(counts.Contracts - counts.Passports) + (int)(audited.Audits - audited.Audited) + (int)(audited.Cases - audited.AuditCases);
        Assert.Equal(counts.Contracts, counts.Requests);
        Assert.Equal(counts.Contracts, audited.Replicas);        // every contract replicated into FeeAudits
        Assert.Equal(counts.Contracts, audited.Audited);         // and audited
        Assert.Equal(counts.Contracts, counts.AuditOutcomes);    // and its outcome back in WorkerContracts
        Assert.Equal(audited.Violations, audited.Cases);         // one case for each violation
        Assert.True(counts.Contracts >= result.Count(Outcome.Acknowledged), $"{counts.Contracts} contracts for {result}");
        var errors = (await QueuesAsync()).Where(q => q.Key.EndsWith("_error", StringComparison.Ordinal) || q.Key.EndsWith("_skipped", StringComparison.Ordinal));
        Assert.All(errors, q => Assert.Equal(0, q.Value));
        return (lost, duplicated);
    }
}
