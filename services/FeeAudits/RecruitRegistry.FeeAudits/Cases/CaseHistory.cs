using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;

namespace RecruitRegistry.FeeAudits.Cases;

/// <summary>
/// What every change of a case does in its transaction: the case row's next version, the decision appended with actor,
/// reason, legal basis and time, and the events (<see cref="CaseOpenings"/>, <see cref="CaseCommands"/>,
/// <see cref="RefundCommands"/>).
/// </summary>
internal static class CaseHistory
{
    public const string SystemActor = "system";

    /// <summary>The case in its new state and next version, written only if nobody changed it meanwhile.</summary>
    public static async Task<CaseRow> BumpAsync(UnitOfWork work, CaseRow c, string state)
    {
        var updated = c with { State = state, Version = c.Version + 1 };
        if (await work.ExecuteAsync(CaseSql.Update, new { updated.Id, updated.State, updated.AssignedTo, updated.ExcessCurrency, updated.ExcessAmount,
                updated.ExcessMinor, updated.ConfirmedAt, updated.AppealDeadline, updated.Version, Expected = c.Version }) == 0)
        {
            throw new StaleVersion("case", c.Id.ToString(), c.Version, c.Version + 1);
        }

        return updated;
    }

    /// <summary>Appends the decision.</summary>
    public static Task<int> AppendAsync(UnitOfWork work, CaseRow c, string? before, string kind, string actor, string? actorCountry, string reason, string legalBasis)
    {
        FeeAuditsMetrics.Decided(work, kind);
        return work.ExecuteAsync(CaseSql.InsertDecision.EachRow, Decision(work, c, before, kind, actor, actorCountry, reason, legalBasis));
    }

    public static CaseDecisionRow Decision(UnitOfWork work, CaseRow c, string? before, string kind, string actor, string? actorCountry, string reason, string legalBasis) =>
        new()
        {
            CaseId = c.Id, Version = c.Version, Kind = kind, StateBefore = before, StateAfter = c.State, Actor = actor, ActorCountry = actorCountry,
            Reason = reason, LegalBasis = legalBasis, DecidedAt = work.Now,
        };

    /// <summary>CaseChanged always (WorkerContracts shows it to the worker); FeeViolationChanged when Licensing must count it.</summary>
    public static void Publish(UnitOfWork work, CaseRow c, RefundRow? refund, FeeViolationStatus? violation = null)
    {
        work.Publish(c.ToEvent(refund, work.Now));
        if (violation is { } status)
        {
            work.Publish(c.ToViolationEvent(status, work.Now));
        }
    }

    /// <summary>Today's date in UTC, from the database's clock (tests move it).</summary>
    public static DateOnly Today(UnitOfWork work) => DateOnly.FromDateTime(work.Now.UtcDateTime);
}

/// <summary>Case statements; each use case's own are in its file.</summary>
internal static partial class CaseSql
{
    public const string ById = "SELECT * FROM cases WHERE id = @Id";

    public const string Update = """
        UPDATE cases SET state = @State, assigned_to = @AssignedTo, excess_currency = @ExcessCurrency, excess_amount = @ExcessAmount,
            excess_minor = @ExcessMinor, confirmed_at = @ConfirmedAt, appeal_deadline = @AppealDeadline, version = @Version
        WHERE id = @Id AND version = @Expected
        """;

    public static readonly RowsStatement InsertDecision = new(
        """
        INSERT INTO case_decisions (case_id, version, kind, state_before, state_after, actor, actor_country, reason, legal_basis, decided_at)
        VALUES (@CaseId, @Version, @Kind, @StateBefore, @StateAfter, @Actor, @ActorCountry, @Reason, @LegalBasis, @DecidedAt)
        """,
        $"""
        INSERT INTO case_decisions (case_id, version, kind, state_before, state_after, actor, actor_country, reason, legal_basis, decided_at)
        SELECT case_id, version, kind, state_before, state_after, actor, actor_country, reason, legal_basis, decided_at
        FROM {RowsStatement.Rows("case_decisions")}
        """);

    public const string Decisions = "SELECT * FROM case_decisions WHERE case_id = @Id ORDER BY version";

    public const string RefundOfCase = "SELECT * FROM refund_orders WHERE case_id = @CaseId";
}
