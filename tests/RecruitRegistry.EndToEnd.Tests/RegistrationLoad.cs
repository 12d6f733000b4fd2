using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Testing;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.EndToEnd.Tests;

/// <summary>What one registration came to, as its client saw it.</summary>
public enum Outcome
{
    /// <summary>The service answered with a contract.</summary>
    Acknowledged,

    /// <summary>The service refused it (FAILED_PRECONDITION: a licensing reason or the minimum age).</summary>
    Refused,

    /// <summary>No answer within the client's patience, whatever happened on the server.</summary>
    Unanswered,
}

/// <summary>The registrations of a run, by request id, and the client's retries.</summary>
public sealed class LoadResult
{
    public ConcurrentDictionary<string, (Outcome Outcome, string AgencyId, string? ContractId)> Requests { get; } = new();

    /// <summary>Each acknowledged contract's reference and verification code, as its worker holds them, in order of answer.</summary>
    public ConcurrentQueue<(string ContractId, string Reference, string Code)> Acknowledged { get; } = new();

    public int Retries => RetriesBy.Values.Sum();

    /// <summary>The statuses the client retried on, and how often.</summary>
    public ConcurrentDictionary<StatusCode, int> RetriesBy { get; } = new();

    public IEnumerable<KeyValuePair<string, (Outcome Outcome, string AgencyId, string? ContractId)>> With(Outcome outcome) =>
        Requests.Where(r => r.Value.Outcome == outcome);

    public int Count(Outcome outcome) => With(outcome).Count();

    public override string ToString() =>
        $"{Requests.Count} registrations: {Count(Outcome.Acknowledged)} acknowledged, {Count(Outcome.Refused)} refused, {Count(Outcome.Unanswered)} unanswered, " +
        $"retried {string.Join(", ", RetriesBy.OrderBy(r => r.Key).Select(r => $"{r.Value} x {r.Key}"))}";
}

/// <summary>
/// Registrations at a steady pace from concurrent clients, as agencies send them, while a fault is injected. A client
/// retries a call that failed in transit (UNAVAILABLE and the like: the service or its servers went away) with the
/// same request id, as the API asks of clients, for up to <see cref="Patience"/>. Every tenth worker is under the
/// corridor's minimum age and must be refused; the registrations of the second agency are allowed or refused
/// depending on whether Nepal has its licence suspended at that moment (the decisions made around them).
/// </summary>
public sealed class RegistrationLoad(DistributedSystem system, Agency steady, Agency toggled, Agency confirmed)
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static readonly HashSet<StatusCode> InTransit =
        [StatusCode.Unavailable, StatusCode.Internal, StatusCode.Unknown, StatusCode.DeadlineExceeded, StatusCode.Cancelled];

    public async Task<LoadResult> RunAsync(LoadResult result, int total, int clients, TimeSpan spread, CancellationToken ct = default)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var due = spread * i / total;
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, ct);
                }

                await RegisterAsync(Request(i), result, ct);
            }
        }));
        return result;
    }

    private ContractsApi.RegisterContractRequest Request(int i)
    {
        // Every twentieth to the agency whose licence is toggled, every twentieth to the one whose cases get confirmed.
        var agency = i % 20 == 15 ? toggled : i % 20 == 5 ? confirmed : steady;
        var sex = i % 2 == 0 ? ContractsApi.Sex.F : ContractsApi.Sex.M;
        var sector = i % 3 == 0 ? Sector.DomesticWork : Sector.Construction;
        // Qatar, Law 14/2004 Art. 33: a VIOLATION, and so a case; every registration of the agency whose cases get confirmed.
        var fee = i % 4 == 0 || i % 20 == 5 ? "8000.00" : null;
        var start = CorridorScenario.Today.AddDays(30);
        DateOnly? born = i % 10 == 3 ? start.AddYears(-21).AddDays(1) : null; // twenty on the start date: refused
        var request = CorridorScenario.Registration(agency, sex, sector, fee, born);
        request.Worker.PassportNumber = $"PA{i:D7}"; // one worker per request: a second contract for a passport is a duplicate
        return request;
    }

    private async Task RegisterAsync(ContractsApi.RegisterContractRequest request, LoadResult result, CancellationToken ct)
    {
        var patience = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var reply = await system.Contracts.RegisterContractAsync(request, system.Agency(request.AgencyId).WithDeadline(DateTime.UtcNow.AddSeconds(15)).WithCancellationToken(ct));
                result.Requests[request.RequestId] = (Outcome.Acknowledged, request.AgencyId, reply.ContractId);
                result.Acknowledged.Enqueue((reply.ContractId, reply.Reference, reply.VerificationCode));
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                result.Requests[request.RequestId] = (Outcome.Refused, request.AgencyId, null);
                return;
            }
            catch (RpcException e) when (InTransit.Contains(e.StatusCode) && patience.Elapsed < Patience)
            {
                result.RetriesBy.AddOrUpdate(e.StatusCode, 1, (_, n) => n + 1);
                await Task.Delay(250, ct);
            }
            catch (RpcException e) when (InTransit.Contains(e.StatusCode))
            {
                result.Requests[request.RequestId] = (Outcome.Unanswered, request.AgencyId, null);
                return;
            }
        }
    }
}
