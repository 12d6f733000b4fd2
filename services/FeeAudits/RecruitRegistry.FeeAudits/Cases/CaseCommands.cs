using Microsoft.Extensions.Options;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.FeeAudits.Audits;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.FeeAudits.Replicas;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Cases;

/// <summary>
/// Cases with due process: OPEN → UNDER_REVIEW (assigned) → CONFIRMED (refund ordered) or DISMISSED; the agency may
/// appeal a confirmation within the window: APPEAL_UPHELD or APPEAL_OVERTURNED. Every decision is appended with actor,
/// reason, legal basis and time, in the transaction that changes the case and writes its events: CaseChanged always
/// (WorkerContracts shows it to the worker), FeeViolationChanged when the violation is confirmed, overturned or its
/// refund falls overdue (Licensing counts it).
/// </summary>
internal sealed class CaseCommands(FeeAuditsDatabase database, IOptions<FeeAuditsOptions> options)
{
    public const string SystemActor = "system";

    // ---- opening ----

    /// <summary>A VIOLATION found when an audit is redone opens a case, unless that version of the terms has one.</summary>
    public Task OpenForViolationAsync(UnitOfWork work, AuditRow audit, AuditResult result) =>
        OpenAsync(work, ViolationOpening(audit, result, agencyId: null));

    /// <summary>
    /// The VIOLATIONs found by terms versions' first audits open their cases, from the contracts as the events carried them.
    /// A case's key is its audit's (<c>audit:contract:terms</c>) and both are written together, so a first audit never
    /// meets an earlier case: the rows are written without a look-up, and a key that did exist fails the transaction.
    /// </summary>
    public async Task OpenForNewViolationsAsync(UnitOfWork work, IReadOnlyList<(AuditRow Audit, AuditResult Result, ContractSnapshot Contract)> violations)
    {
        var openings = violations.Select(v => ViolationOpening(v.Audit, v.Result, v.Contract.AgencyId)).ToList();
        var rows = violations.Select((v, i) => NewCase(work, openings[i], v.Contract.AgencyId, v.Contract.Sector, v.Contract.WorkerSex)).ToList();
        await work.ExecuteForRowsAsync(CaseSql.InsertNew, rows);
        await work.ExecuteForRowsAsync(CaseSql.InsertDecision, rows.Select((row, i) => Decision(
            work, row, null, CaseDecisions.Opened, openings[i].Actor, openings[i].ActorCountry, openings[i].Reason, openings[i].LegalBasis)).ToList());
        rows.ForEach(row =>
        {
            Publish(work, row, null);
            FeeAuditsMetrics.Decided(work, CaseDecisions.Opened);
        });
    }

    private static Opening ViolationOpening(AuditRow audit, AuditResult result, Guid? agencyId) => new(
        audit.ContractId, agencyId, audit.OriginCountry, audit.DestinationCountry, CaseOrigins.AutomaticAudit,
        $"audit:{audit.ContractId}:{audit.TermsVersion}",
        Mapping.ToJson(new { audit.TermsVersion, audit.ContractVersion, Findings = result.Findings }),
        ContractAuditor.Excess(result),
        SystemActor, null,
        $"The automatic audit of terms version {audit.TermsVersion} found fees in excess",
        result.DecidingPolicy!.LegalReference);

    /// <summary>Opens a case unless its source already opened one; the agency comes from the contract replica when not given.</summary>
    public async Task<CaseRow?> OpenAsync(UnitOfWork work, Opening opening)
    {
        var contract = await work.QuerySingleOrDefaultAsync<ContractReplicaRow>(ReplicaSql.Contract, new { Id = opening.ContractId });
        var agencyId = opening.AgencyId ?? contract?.AgencyId
            ?? throw new InvalidOperationException($"contract {opening.ContractId} has no agency: the replica is missing");
        var row = NewCase(work, opening, agencyId, contract?.Sector, contract?.WorkerSex);
        var inserted = await work.ExecuteAsync(CaseSql.Insert, row);
        if (inserted == 0)
        {
            return null; // this audit or report already opened its case
        }

        await DecideAsync(work, row, null, CaseDecisions.Opened, opening.Actor, opening.ActorCountry, opening.Reason, opening.LegalBasis);
        Publish(work, row, null);
        return row;
    }

    private static CaseRow NewCase(UnitOfWork work, Opening opening, Guid agencyId, string? sector, string? workerSex) => new()
    {
        Id = Guid.CreateVersion7(work.Now),
        ContractId = opening.ContractId,
        AgencyId = agencyId,
        OriginCountry = opening.Origin,
        DestinationCountry = opening.Destination,
        Sector = sector,
        WorkerSex = workerSex,
        OpenedBy = opening.OpenedBy,
        SourceKey = opening.SourceKey,
        Details = opening.Details,
        State = CaseStates.Open,
        ExcessCurrency = opening.Excess?.CurrencyCode,
        ExcessAmount = opening.Excess?.Amount,
        ExcessMinor = opening.Excess is { } e ? Mapping.ToMinor(e.Amount, e.CurrencyCode) : null,
        OpenedAt = work.Now,
        Version = 1,
    };

    /// <summary>An auditor of the corridor opens a case by hand.</summary>
    public async Task<Case> OpenByAuditorAsync(OpenCaseRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var contractId = v.Id("contract_id", request.ContractId);
        var reason = v.Required("reason", request.Reason, 2000);
        var legalBasis = v.Required("legal_basis", request.LegalBasis, 500);
        var excess = request.Excess is null ? ((string, decimal)?)null : v.Money("excess", request.Excess);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var contract = await work.QuerySingleOrDefaultAsync<ContractReplicaRow>(ReplicaSql.Contract, new { Id = contractId })
            ?? throw new NotFound("contract", contractId.ToString());
        FeeAuditsAccess.ReadOwn(caller, contract.AgencyId, contract.OriginCountry, contract.DestinationCountry, "contract", contractId);
        FeeAuditsAccess.ManageCorridor(caller, contract.OriginCountry, contract.DestinationCountry, "open cases in this corridor");
        var row = await OpenAsync(work, new Opening(
            contractId, contract.AgencyId, contract.OriginCountry, contract.DestinationCountry, CaseOrigins.Auditor, null,
            Mapping.ToJson(new { OpenedBy = caller.Actor }),
            excess is { } x ? new EventMoney(x.Item1, x.Item2) : null,
            caller.Actor, caller.Country, reason, legalBasis));
        await work.CommitAsync();
        return await CaseQueries.ReadAsync(database, row!.Id, ct);
    }

    // ---- decisions ----

    public Task<Case> AssignAsync(CaseDecisionRequest request, Caller caller, CancellationToken ct) =>
        DecideAsync(new RequestValidator(), request, "", caller, ct, FeeAuditsAccess.ManageCase, [CaseStates.Open], CaseStates.UnderReview, CaseDecisions.Assigned,
            (work, c, _) => Task.FromResult(c with { AssignedTo = caller.Actor }));

    public Task<Case> DismissAsync(CaseDecisionRequest request, Caller caller, CancellationToken ct) =>
        DecideAsync(new RequestValidator(), request, "", caller, ct, FeeAuditsAccess.ManageCase, [CaseStates.Open, CaseStates.UnderReview], CaseStates.Dismissed,
            CaseDecisions.Dismissed, (_, c, _) => Task.FromResult(c));

    public async Task<Case> ConfirmAsync(ConfirmCaseRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        // No refund_amount, or zero: no refund ordered (a substitution case, say, has no fee to give back).
        var refund = request.RefundAmount is null ? (Currency: "", Amount: 0m) : v.Money("refund_amount", request.RefundAmount);
        var dueOn = refund.Amount > 0 ? v.Date("refund_due_on", request.RefundDueOn) : v.Date("refund_due_on", request.RefundDueOn, required: false);
        var excess = request.Excess is null ? ((string Currency, decimal Amount)?)null : v.Money("excess", request.Excess);
        if (excess is { Amount: <= 0 })
        {
            v.Fail("excess.amount", "must be more than zero: a confirmed violation has an excess");
        }

        return await DecideAsync(v, request.Decision ?? new CaseDecisionRequest(), "decision.", caller, ct, FeeAuditsAccess.ManageCase,
            [CaseStates.UnderReview], CaseStates.Confirmed, CaseDecisions.Confirmed,
            async (work, c, today) =>
            {
                if (refund.Amount > 0 && dueOn < today)
                {
                    throw new ValidationFailed([new FieldViolation("refund_due_on", $"must not be before today ({today:yyyy-MM-dd})")]);
                }

                // A fee case confirms an excess; a substitution case confirms a different contract, which has none.
                var confirmedExcess = excess is { } x ? new EventMoney(x.Currency, x.Amount) : c.Excess;
                if (confirmedExcess is null && c.OpenedBy != CaseOrigins.SubstitutionReport)
                {
                    throw new ValidationFailed([new FieldViolation("excess", "is required: the case holds no excess to confirm")]);
                }

                var confirmed = c with
                {
                    ExcessCurrency = confirmedExcess?.CurrencyCode,
                    ExcessAmount = confirmedExcess?.Amount,
                    ExcessMinor = confirmedExcess is null ? null : Mapping.ToMinor(confirmedExcess.Amount, confirmedExcess.CurrencyCode),
                    ConfirmedAt = work.Now,
                    AppealDeadline = today.AddDays(options.Value.AppealWindowDays),
                };
                if (refund.Amount > 0)
                {
                    await work.ExecuteAsync(CaseSql.InsertRefund, new RefundRow
                    {
                        Id = Guid.CreateVersion7(work.Now), CaseId = c.Id, OriginCountry = c.OriginCountry, DestinationCountry = c.DestinationCountry,
                        Currency = refund.Currency, Amount = refund.Amount, AmountMinor = Mapping.ToMinor(refund.Amount, refund.Currency),
                        DueOn = dueOn, State = RefundStates.Ordered, OrderedAt = work.Now,
                    });
                }

                return confirmed;
            },
            FeeViolationStatus.Confirmed);
    }

    public Task<Case> AppealAsync(CaseDecisionRequest request, Caller caller, CancellationToken ct) =>
        DecideAsync(new RequestValidator(), request, "", caller, ct, FeeAuditsAccess.Appeal, [CaseStates.Confirmed], CaseStates.Appealed, CaseDecisions.Appealed,
            (_, c, today) => c.AppealDeadline is { } deadline && today > deadline
                ? throw new PreconditionFailed($"the appeal window closed on {deadline:yyyy-MM-dd}", "APPEAL_WINDOW_CLOSED")
                : Task.FromResult(c));

    public Task<Case> DecideAppealAsync(DecideCaseAppealRequest request, Caller caller, CancellationToken ct) =>
        DecideAsync(new RequestValidator(), request.Decision ?? new CaseDecisionRequest(), "decision.", caller, ct, FeeAuditsAccess.ManageCase, [CaseStates.Appealed],
            request.Overturn ? CaseStates.AppealOverturned : CaseStates.AppealUpheld,
            request.Overturn ? CaseDecisions.AppealOverturned : CaseDecisions.AppealUpheld,
            async (work, c, _) =>
            {
                if (request.Overturn)
                {
                    await work.ExecuteAsync(CaseSql.CancelRefund, new { CaseId = c.Id });
                }

                return c;
            },
            request.Overturn ? FeeViolationStatus.OverturnedOnAppeal : null);

    public async Task<RefundOrder> MarkRefundPaidAsync(MarkRefundPaidRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var refundId = v.Id("refund_id", request.RefundId);
        var evidence = v.Required("evidence_reference", request.EvidenceReference, 500);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var refund = await work.QuerySingleOrDefaultAsync<RefundRow>(CaseSql.Refund, new { Id = refundId })
            ?? throw new NotFound("refund order", refundId.ToString());
        var c = await work.QuerySingleOrDefaultAsync<CaseRow>(CaseSql.ById, new { Id = refund.CaseId })
            ?? throw new NotFound("case", refund.CaseId.ToString());
        FeeAuditsAccess.ReadCase(caller, c, "refund order", refundId);
        FeeAuditsAccess.ManageCase(caller, c);
        if (refund.State is not (RefundStates.Ordered or RefundStates.Overdue))
        {
            throw new PreconditionFailed($"cannot mark a refund that is {refund.State} as paid", refund.State);
        }

        var paid = refund with { State = RefundStates.Paid, EvidenceReference = evidence, PaidAt = work.Now };
        await work.ExecuteAsync(CaseSql.UpdateRefund, paid);
        var updated = await BumpAsync(work, c, c.State);
        await DecideAsync(work, updated, c.State, CaseDecisions.RefundPaid, caller.Actor, caller.Country,
            $"Refund of {refund.Currency} {refund.Amount} paid (evidence {evidence})", "Refund order of the confirmed case");
        Publish(work, updated, paid);
        await work.CommitAsync();
        return paid.ToProto();
    }

    /// <summary>Refunds past their due day become OVERDUE (actor "system"), published so Licensing can act.</summary>
    public async Task<int> SweepOverdueAsync(CancellationToken ct)
    {
        List<RefundRow> due;
        await using (var read = await database.BeginAsync(ct))
        {
            due = (await read.QueryAsync<RefundRow>(CaseSql.DueRefunds, new { Today = Today(read) })).ToList();
        }

        var swept = 0;
        foreach (var refund in due)
        {
            await using var work = await database.BeginAsync(ct);
            var today = Today(work);
            var overdue = refund with { State = RefundStates.Overdue, OverdueSince = today };
            if (await work.ExecuteAsync(CaseSql.MarkOverdue, new { refund.Id, Today = today }) == 0)
            {
                continue; // paid or cancelled meanwhile
            }

            var c = (await work.QuerySingleOrDefaultAsync<CaseRow>(CaseSql.ById, new { Id = refund.CaseId }))!;
            var updated = await BumpAsync(work, c, c.State);
            await DecideAsync(work, updated, c.State, CaseDecisions.RefundOverdue, SystemActor, null,
                $"Refund of {refund.Currency} {refund.Amount} was due on {refund.DueOn:yyyy-MM-dd} and is not recorded as paid",
                "Refund order of the confirmed case");
            Publish(work, updated, overdue, CaseStates.ViolationStands.Contains(c.State) ? FeeViolationStatus.RefundOverdue : null);
            await work.CommitAsync();
            swept++;
        }

        return swept;
    }

    // ---- plumbing ----

    private async Task<Case> DecideAsync(
        RequestValidator v, CaseDecisionRequest request, string prefix, Caller caller, CancellationToken ct, Action<Caller, CaseRow> authorize,
        string[] from, string to, string kind, Func<UnitOfWork, CaseRow, DateOnly, Task<CaseRow>> change, FeeViolationStatus? violation = null)
    {
        var caseId = v.Id(prefix + "case_id", request.CaseId);
        var expected = v.ExpectedVersion(prefix + "expected_version", request.ExpectedVersion);
        var reason = v.Required(prefix + "reason", request.Reason, 2000);
        var legalBasis = v.Required(prefix + "legal_basis", request.LegalBasis, 500);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var c = await work.QuerySingleOrDefaultAsync<CaseRow>(CaseSql.ById, new { Id = caseId }) ?? throw new NotFound("case", caseId.ToString());
        FeeAuditsAccess.ReadCase(caller, c, "case", caseId);
        authorize(caller, c);
        if (c.Version != expected)
        {
            throw new StaleVersion("case", c.Id.ToString(), expected, c.Version);
        }

        if (!from.Contains(c.State))
        {
            throw new PreconditionFailed($"cannot {kind.ToLowerInvariant().Replace('_', ' ')} a case that is {c.State}", c.State);
        }

        var changed = await change(work, c, Today(work));
        var updated = await BumpAsync(work, changed, to);
        await DecideAsync(work, updated, c.State, kind, caller.Actor, caller.Country, reason, legalBasis);
        var refund = await work.QuerySingleOrDefaultAsync<RefundRow>(CaseSql.RefundOfCase, new { CaseId = c.Id });
        Publish(work, updated, refund, violation);
        await work.CommitAsync();
        return await CaseQueries.ReadAsync(database, c.Id, ct);
    }

    private static async Task<CaseRow> BumpAsync(UnitOfWork work, CaseRow c, string state)
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
    private static Task<int> DecideAsync(UnitOfWork work, CaseRow c, string? before, string kind, string actor, string? actorCountry, string reason, string legalBasis)
    {
        FeeAuditsMetrics.Decided(work, kind);
        return work.ExecuteAsync(CaseSql.InsertDecision.EachRow, Decision(work, c, before, kind, actor, actorCountry, reason, legalBasis));
    }

    private static CaseDecisionRow Decision(UnitOfWork work, CaseRow c, string? before, string kind, string actor, string? actorCountry, string reason, string legalBasis) =>
        new()
        {
            CaseId = c.Id, Version = c.Version, Kind = kind, StateBefore = before, StateAfter = c.State, Actor = actor, ActorCountry = actorCountry,
            Reason = reason, LegalBasis = legalBasis, DecidedAt = work.Now,
        };

    private static void Publish(UnitOfWork work, CaseRow c, RefundRow? refund, FeeViolationStatus? violation = null)
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

/// <summary>What opens a case: the contract, where it came from, and the decision that opened it.</summary>
internal sealed record Opening(
    Guid ContractId, Guid? AgencyId, string Origin, string Destination, string OpenedBy, string? SourceKey, string Details,
    EventMoney? Excess, string Actor, string? ActorCountry, string Reason, string LegalBasis);

/// <summary>Case statements.</summary>
internal static class CaseSql
{
    /// <summary>A case whose source cannot have opened one before (a unique key fails the transaction).</summary>
    private const string InsertRow = """
        INSERT INTO cases (id, contract_id, agency_id, origin_country, destination_country, sector, worker_sex, opened_by, source_key, details,
            state, assigned_to, excess_currency, excess_amount, excess_minor, opened_at, confirmed_at, appeal_deadline, version)
        VALUES (@Id, @ContractId, @AgencyId, @OriginCountry, @DestinationCountry, @Sector, @WorkerSex, @OpenedBy, @SourceKey, @Details,
            @State, @AssignedTo, @ExcessCurrency, @ExcessAmount, @ExcessMinor, @OpenedAt, @ConfirmedAt, @AppealDeadline, @Version)
        """;

    public static readonly RowsStatement InsertNew = new(InsertRow, $"INSERT INTO cases SELECT * FROM {RowsStatement.Rows("cases")}");

    /// <summary>A case, unless its source already opened one (then no row).</summary>
    public const string Insert = InsertRow + "\nON CONFLICT (source_key) DO NOTHING";

    public const string Update = """
        UPDATE cases SET state = @State, assigned_to = @AssignedTo, excess_currency = @ExcessCurrency, excess_amount = @ExcessAmount,
            excess_minor = @ExcessMinor, confirmed_at = @ConfirmedAt, appeal_deadline = @AppealDeadline, version = @Version
        WHERE id = @Id AND version = @Expected
        """;

    public const string ById = "SELECT * FROM cases WHERE id = @Id";

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

    public const string InsertRefund = """
        INSERT INTO refund_orders (id, case_id, origin_country, destination_country, currency, amount, amount_minor, due_on, state,
            evidence_reference, ordered_at, paid_at, overdue_since)
        VALUES (@Id, @CaseId, @OriginCountry, @DestinationCountry, @Currency, @Amount, @AmountMinor, @DueOn, @State,
            @EvidenceReference, @OrderedAt, @PaidAt, @OverdueSince)
        """;

    public const string Refund = "SELECT * FROM refund_orders WHERE id = @Id";

    public const string RefundOfCase = "SELECT * FROM refund_orders WHERE case_id = @CaseId";

    public const string UpdateRefund = """
        UPDATE refund_orders SET state = @State, evidence_reference = @EvidenceReference, paid_at = @PaidAt WHERE id = @Id
        """;

    public const string CancelRefund = "UPDATE refund_orders SET state = 'CANCELLED' WHERE case_id = @CaseId AND state IN ('ORDERED', 'OVERDUE')";

    public const string DueRefunds = "SELECT * FROM refund_orders WHERE state = 'ORDERED' AND due_on < @Today";

    public const string MarkOverdue = "UPDATE refund_orders SET state = 'OVERDUE', overdue_since = @Today WHERE id = @Id AND state = 'ORDERED'";
}
