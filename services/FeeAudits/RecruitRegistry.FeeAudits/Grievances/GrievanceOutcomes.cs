using System.Globalization;
using Google.Protobuf.Collections;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Grievances;

/// <summary>
/// What a founded grievance orders for the worker (a refund, compensation, wages recovered, the document returned, the
/// repatriation paid), each with a due day: ordered on resolution, fulfilled with evidence by either authority, or marked
/// OVERDUE by the sweep once its day has passed, as refunds of fee cases are. Each change is a step of the grievance
/// (its version moves on, its state stays RESOLVED) and publishes GrievanceChanged with the outcomes as they stand.
/// </summary>
internal sealed class GrievanceOutcomes(FeeAuditsDatabase database)
{
    public const int MaxOutcomes = 10;

    /// <summary>The outcomes a resolution orders, each checked by field; only a founded grievance orders any.</summary>
    public static IReadOnlyList<(string Kind, (string Currency, decimal Amount)? Amount, DateOnly DueOn)> ReadOrders(
        RequestValidator v, RepeatedField<GrievanceOutcomeOrder> orders, bool founded)
    {
        if (orders.Count > 0 && !founded)
        {
            v.Fail("outcomes", "only a founded grievance orders outcomes");
            return [];
        }

        if (orders.Count > MaxOutcomes)
        {
            v.Fail("outcomes", $"at most {MaxOutcomes}");
            return [];
        }

        var read = new List<(string, (string, decimal)?, DateOnly)>();
        for (var i = 0; i < orders.Count; i++)
        {
            var field = $"outcomes[{i}]";
            var order = orders[i];
            if (!ProtoEnums.IsSet(order.Kind))
            {
                v.Fail(field + ".kind", "name what is ordered: REFUND, COMPENSATION, WAGES_RECOVERED, DOCUMENT_RETURNED or REPATRIATION_PAID");
                continue;
            }

            (string, decimal)? amount = null;
            if (order.Kind == GrievanceOutcomeKind.DocumentReturned)
            {
                if (order.Amount is not null)
                {
                    v.Fail(field + ".amount", "a returned document has no amount");
                }
            }
            else if (order.Amount is null)
            {
                v.Fail(field + ".amount", "is required");
            }
            else
            {
                var money = v.Money(field + ".amount", order.Amount);
                if (decimal.TryParse(order.Amount.Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var stated) && stated == 0)
                {
                    v.Fail(field + ".amount.amount", "must be more than zero");
                }

                amount = money;
            }

            read.Add((ProtoEnums.Name(order.Kind, "GRIEVANCE_OUTCOME_KIND_"), amount, v.Date(field + ".due_on", order.DueOn)));
        }

        return read;
    }

    /// <summary>Inserts the ordered outcomes; a due day before today is refused by field.</summary>
    public static async Task OrderAsync(UnitOfWork work, GrievanceRow g, IReadOnlyList<(string Kind, (string Currency, decimal Amount)? Amount, DateOnly DueOn)> orders)
    {
        var today = DateOnly.FromDateTime(work.Now.UtcDateTime);
        for (var i = 0; i < orders.Count; i++)
        {
            if (orders[i].DueOn < today)
            {
                throw new ValidationFailed([new FieldViolation($"outcomes[{i}].due_on", $"must not be before today ({today:yyyy-MM-dd})")]);
            }
        }

        foreach (var (kind, amount, dueOn) in orders)
        {
            await work.ExecuteAsync(OutcomeSql.Insert, new GrievanceOutcomeRow
            {
                Id = Guid.CreateVersion7(work.Now), GrievanceId = g.Id, Kind = kind, Currency = amount?.Currency, Amount = amount?.Amount, DueOn = dueOn,
                State = GrievanceOutcomeStates.Ordered, OrderedAt = work.Now,
            });
        }
    }

    public async Task<Grievance> MarkFulfilledAsync(MarkOutcomeFulfilledRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var id = v.Id("outcome_id", request.OutcomeId);
        var evidence = v.Required("evidence_reference", request.EvidenceReference, 500);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var outcome = await work.QuerySingleOrDefaultAsync<GrievanceOutcomeRow>(OutcomeSql.ById, new { Id = id });
        var g = outcome is null ? null : await work.QuerySingleOrDefaultAsync<GrievanceRow>(GrievanceSql.ById, new { Id = outcome.GrievanceId });
        if (outcome is null || g is null || !FeeAuditsAccess.CanReadGrievances(caller, g.OriginCountry, g.DestinationCountry))
        {
            throw new NotFound("grievance outcome", id.ToString());
        }

        FeeAuditsAccess.DecideGrievance(caller, g);
        if (outcome.State is not (GrievanceOutcomeStates.Ordered or GrievanceOutcomeStates.Overdue))
        {
            throw new PreconditionFailed($"cannot mark an outcome that is {outcome.State} as fulfilled", outcome.State);
        }

        await work.ExecuteAsync(OutcomeSql.Fulfil, new { outcome.Id, EvidenceReference = evidence, FulfilledAt = work.Now });
        var updated = await StepAsync(work, g, GrievanceActions.OutcomeFulfilled, caller.Actor, caller.Country,
            $"{Describe(outcome)} fulfilled (evidence {evidence})");
        var reply = await GrievanceQueries.ReadAsync(work, updated);
        await work.CommitAsync();
        return reply;
    }

    /// <summary>Outcomes past their due day become OVERDUE (actor "system"), each in its own transaction; returns how many.</summary>
    public async Task<int> SweepOverdueAsync(CancellationToken ct)
    {
        List<GrievanceOutcomeRow> due;
        await using (var read = await database.BeginAsync(ct))
        {
            due = (await read.QueryAsync<GrievanceOutcomeRow>(OutcomeSql.Due, new { Today = DateOnly.FromDateTime(read.Now.UtcDateTime) })).ToList();
        }

        var swept = 0;
        foreach (var outcome in due)
        {
            await using var work = await database.BeginAsync(ct);
            var today = DateOnly.FromDateTime(work.Now.UtcDateTime);
            if (await work.ExecuteAsync(OutcomeSql.MarkOverdue, new { outcome.Id, Today = today }) == 0)
            {
                continue; // fulfilled meanwhile
            }

            var g = (await work.QuerySingleOrDefaultAsync<GrievanceRow>(GrievanceSql.ById, new { Id = outcome.GrievanceId }))!;
            await StepAsync(work, g, GrievanceActions.OutcomeOverdue, "system", null, $"{Describe(outcome)} was due on {outcome.DueOn:yyyy-MM-dd}");
            await work.CommitAsync();
            swept++;
        }

        return swept;
    }

    /// <summary>The grievance's next version with the step appended and its event published; its state stays.</summary>
    private static async Task<GrievanceRow> StepAsync(UnitOfWork work, GrievanceRow g, string action, string actor, string? country, string reason)
    {
        var updated = g with { Version = g.Version + 1 };
        await GrievanceEvents.StepAsync(work, g, updated, action, actor, country is null ? "SYSTEM" : GrievanceFilers.Authority, country, reason,
            "Outcome ordered on the grievance's resolution");
        await GrievanceEvents.PublishAsync(work, updated);
        return updated;
    }

    private static string Describe(GrievanceOutcomeRow o) =>
        o.Money is { } m ? $"{o.Kind} of {m.CurrencyCode} {m.Amount}" : o.Kind;
}

internal static class OutcomeSql
{
    public const string Insert = """
        INSERT INTO grievance_outcomes (id, grievance_id, kind, currency, amount, due_on, state, evidence_reference, fulfilled_at, overdue_since, ordered_at)
        VALUES (@Id, @GrievanceId, @Kind, @Currency, @Amount, @DueOn, @State, @EvidenceReference, @FulfilledAt, @OverdueSince, @OrderedAt)
        """;

    public const string ById = "SELECT * FROM grievance_outcomes WHERE id = @Id";

    public const string Fulfil = """
        UPDATE grievance_outcomes SET state = 'FULFILLED', evidence_reference = @EvidenceReference, fulfilled_at = @FulfilledAt
        WHERE id = @Id AND state IN ('ORDERED', 'OVERDUE')
        """;

    public const string Due = "SELECT * FROM grievance_outcomes WHERE state = 'ORDERED' AND due_on < @Today ORDER BY due_on, id";

    public const string MarkOverdue = "UPDATE grievance_outcomes SET state = 'OVERDUE', overdue_since = @Today WHERE id = @Id AND state = 'ORDERED'";
}
