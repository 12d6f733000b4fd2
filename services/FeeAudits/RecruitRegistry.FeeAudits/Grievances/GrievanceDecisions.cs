using Microsoft.Extensions.Options;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Grievances;

/// <summary>
/// The steps of a grievance, taken by the authorities of its corridor: RECEIVED → UNDER_REVIEW (by the authority its
/// kind names as acting first) → REFERRED (to a labour court, the police or the other authority) → RESOLVED (founded or
/// not) or DISMISSED, appealable until the deadline then set (<see cref="GrievanceAppeals"/>), and the appeal decided. Each step is appended with actor, reason, legal basis and time, in the transaction that changes the
/// grievance and publishes GrievanceChanged; a stale expected_version changes nothing.
/// </summary>
internal sealed class GrievanceDecisions(FeeAuditsDatabase database, IOptions<FeeAuditsOptions> options)
{
    private static readonly string[] Open = [GrievanceStates.Received, GrievanceStates.UnderReview, GrievanceStates.Referred];

    public Task<Grievance> ReviewAsync(GrievanceDecisionRequest request, Caller caller, CancellationToken ct) =>
        DecideAsync(new RequestValidator(), request, "", caller, ct, [GrievanceStates.Received], GrievanceStates.UnderReview, GrievanceActions.ReviewStarted,
            g => g, FeeAuditsAccess.StartGrievanceReview);

    public Task<Grievance> ReferAsync(ReferGrievanceRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        if (!ProtoEnums.IsSet(request.ReferredTo))
        {
            v.Fail("referred_to", "name where the grievance goes: LABOUR_COURT, POLICE or OTHER_AUTHORITY");
        }

        var referral = ProtoEnums.Name(request.ReferredTo, "GRIEVANCE_REFERRAL_");
        return DecideAsync(v, request.Decision ?? new GrievanceDecisionRequest(), "decision.", caller, ct, [GrievanceStates.UnderReview], GrievanceStates.Referred,
            GrievanceActions.Referred, g => g with { ReferredTo = referral });
    }

    /// <summary>Resolves the grievance; a founded one orders its outcomes (<see cref="GrievanceOutcomes"/>) in the same transaction.</summary>
    public Task<Grievance> ResolveAsync(ResolveGrievanceRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var orders = GrievanceOutcomes.ReadOrders(v, request.Outcomes, request.Founded);
        return DecideAsync(v, request.Decision ?? new GrievanceDecisionRequest(), "decision.", caller, ct,
            [GrievanceStates.UnderReview, GrievanceStates.Referred], GrievanceStates.Resolved, GrievanceActions.Resolved,
            g => g with { Founded = request.Founded, AppealDeadline = AppealDeadline() },
            then: (work, g) => GrievanceOutcomes.OrderAsync(work, g, orders));
    }

    public Task<Grievance> DismissAsync(GrievanceDecisionRequest request, Caller caller, CancellationToken ct) =>
        DecideAsync(new RequestValidator(), request, "", caller, ct, Open, GrievanceStates.Dismissed, GrievanceActions.Dismissed,
            g => g with { AppealDeadline = AppealDeadline() });

    /// <summary>
    /// An appeal decided: upheld, the decision appealed stands again; overturned, the grievance is under review anew, no
    /// longer founded, its ordered outcomes cancelled and no appeal deadline until its next decision.
    /// </summary>
    public Task<Grievance> DecideAppealAsync(DecideGrievanceAppealRequest request, Caller caller, CancellationToken ct) =>
        DecideAsync(new RequestValidator(), request.Decision ?? new GrievanceDecisionRequest(), "decision.", caller, ct, [GrievanceStates.Appealed],
            request.Overturn ? GrievanceStates.UnderReview : null,
            request.Overturn ? GrievanceActions.AppealOverturned : GrievanceActions.AppealUpheld,
            g => request.Overturn ? g with { Founded = false, AppealDeadline = null } : g with { State = g.AppealedFrom! },
            then: request.Overturn ? (work, g) => work.ExecuteAsync(GrievanceSql.CancelOutcomes, new { g.Id }) : null);

    /// <summary>The last day a decision taken today may be appealed (the same window as a confirmed fee case's).</summary>
    private DateOnly AppealDeadline() =>
        DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime).AddDays(options.Value.AppealWindowDays);

    private async Task<Grievance> DecideAsync(
        RequestValidator v, GrievanceDecisionRequest request, string prefix, Caller caller, CancellationToken ct, string[] from, string? to, string action,
        Func<GrievanceRow, GrievanceRow> change, Action<Caller, GrievanceRow>? authorize = null, Func<UnitOfWork, GrievanceRow, Task>? then = null)
    {
        var id = v.Id(prefix + "grievance_id", request.GrievanceId);
        var expected = v.ExpectedVersion(prefix + "expected_version", request.ExpectedVersion);
        var reason = v.Required(prefix + "reason", request.Reason, 2000);
        var legalBasis = v.Required(prefix + "legal_basis", request.LegalBasis, 500);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var g = await work.QuerySingleOrDefaultAsync<GrievanceRow>(GrievanceSql.ById, new { Id = id });
        if (g is null || !FeeAuditsAccess.CanReadGrievances(caller, g.OriginCountry, g.DestinationCountry))
        {
            throw new NotFound("grievance", id.ToString());
        }

        (authorize ?? FeeAuditsAccess.DecideGrievance)(caller, g);
        if (g.Version != expected)
        {
            throw new StaleVersion("grievance", g.Id.ToString(), expected, g.Version);
        }

        if (!from.Contains(g.State))
        {
            throw new PreconditionFailed($"cannot take the step {action} on a grievance that is {g.State}", g.State);
        }

        var changed = change(g);
        var updated = changed with { State = to ?? changed.State, Version = g.Version + 1 };
        await GrievanceEvents.StepAsync(work, g, updated, action, caller.Actor, GrievanceFilers.Authority, caller.Country, reason, legalBasis);
        if (then is not null)
        {
            await then(work, updated);
        }

        await GrievanceEvents.PublishAsync(work, updated);
        var reply = await GrievanceQueries.ReadAsync(work, updated);
        await work.CommitAsync();
        return reply;
    }
}
