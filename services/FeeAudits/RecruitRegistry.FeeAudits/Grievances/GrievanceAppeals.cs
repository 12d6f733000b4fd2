using MassTransit;
using Microsoft.Extensions.Logging;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Messaging;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;
using RecruitRegistry.Rules.Grievances;

namespace RecruitRegistry.FeeAudits.Grievances;

/// <summary>
/// Appeals of grievance decisions, as elsewhere in the registry: once per grievance, until the deadline its resolution
/// or dismissal set (FeeAudits:AppealWindowDays). The party the decision went against appeals: the agency against a
/// founded resolution (it knows the grievance's id from its compliance record, and learns nothing else from the reply);
/// the worker against a dismissal or an unfounded resolution, with the code through WorkerContracts
/// (<see cref="GrievanceAppealedConsumer"/>), or an authority of the corridor for the worker. The appeal is a step
/// (APPEALED) like any other; GrievanceDecisions decides it.
/// </summary>
internal sealed class GrievanceAppeals(FeeAuditsDatabase database)
{
    public async Task<AppealGrievanceReply> AppealAsync(AppealGrievanceRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var id = v.Id("grievance_id", request.GrievanceId);
        var grounds = v.Required("grounds", request.Grounds, 2000);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var g = await work.QuerySingleOrDefaultAsync<GrievanceRow>(GrievanceSql.ById, new { Id = id });
        var role = g is null ? null : FeeAuditsAccess.GrievanceAppellant(caller, g);
        if (g is null || role is null)
        {
            // Nobody learns from this RPC that a grievance exists unless it is theirs to appeal.
            throw new NotFound("grievance", id.ToString());
        }

        var appealed = await AppealAsync(work, g, caller.Actor, role, caller.Country, grounds, Today(work));
        await work.CommitAsync();
        return new AppealGrievanceReply { GrievanceId = appealed.Id.ToString(), State = GrievanceState.Appealed, Version = appealed.Version };
    }

    /// <summary>
    /// Appeals <paramref name="g"/>, if it may still be appealed on <paramref name="day"/>: the APPEALED step and
    /// GrievanceChanged, in <paramref name="work"/>.
    /// </summary>
    public static async Task<GrievanceRow> AppealAsync(
        UnitOfWork work, GrievanceRow g, string actor, string role, string? country, string grounds, DateOnly day)
    {
        if (WhyNot(g, day) is { } refusal)
        {
            throw new PreconditionFailed(refusal.Message, refusal.Code);
        }

        var updated = g with { State = GrievanceStates.Appealed, AppealedFrom = g.State, Version = g.Version + 1 };
        await GrievanceEvents.StepAsync(work, g, updated, GrievanceActions.Appealed, actor, role, country, grounds, "");
        await GrievanceEvents.PublishAsync(work, updated);
        return updated;
    }

    /// <summary>Why <paramref name="g"/> may not be appealed on <paramref name="day"/> (a message and a code), or null.</summary>
    public static (string Message, string Code)? WhyNot(GrievanceRow g, DateOnly day) =>
        GrievanceAppealRule.WhyNot($"grievance {g.Id}", g.State, g.AppealedFrom is not null, g.AppealDeadline, day);

    private static DateOnly Today(UnitOfWork work) => DateOnly.FromDateTime(work.Now.UtcDateTime);
}

/// <summary>
/// A worker's appeal (WorkerContracts checked the code and that the grievance was theirs to appeal when they sent it):
/// recorded as the APPEALED step if it was made by the deadline. If the grievance changed meanwhile (another appeal, a
/// decision by the authorities), the appeal is not applied and says why in the log: the worker sees the grievance's
/// state as FeeAudits publishes it.
/// </summary>
internal sealed partial class GrievanceAppealedConsumer(FeeAuditsDatabase database, ILogger<GrievanceAppealedConsumer> logger)
    : InboxConsumer<GrievanceAppealed, FeeAuditsDatabase>(database)
{
    protected override string ConsumerName => "feeaudits.grievance-appealed";

    protected override async Task ApplyAsync(ConsumeContext<GrievanceAppealed> context, UnitOfWork work)
    {
        var e = context.Message;
        var g = await work.QuerySingleOrDefaultAsync<GrievanceRow>(GrievanceSql.ById, new { Id = e.GrievanceId });
        var day = DateOnly.FromDateTime(e.OccurredAt.UtcDateTime);
        if (g is null || g.ContractId != e.ContractId || g.Founded || GrievanceAppeals.WhyNot(g, day) is not null)
        {
            NotApplied(logger, e.GrievanceId, g?.State ?? "unknown");
            return;
        }

        await GrievanceAppeals.AppealAsync(work, g, "worker", GrievanceFilers.Worker, null, e.Grounds, day);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A worker's appeal of grievance {GrievanceId} was not applied: the grievance is {State} or was appealed already")]
    private static partial void NotApplied(ILogger logger, Guid grievanceId, string state);
}
