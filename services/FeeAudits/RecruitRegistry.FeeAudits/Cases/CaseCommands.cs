using Microsoft.Extensions.Options;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Cases;

/// <summary>
/// Decisions on cases, with due process: OPEN → UNDER_REVIEW (assigned) → CONFIRMED (refund ordered) or DISMISSED; the agency may
/// appeal a confirmation within the window: APPEAL_UPHELD or APPEAL_OVERTURNED. Every decision is appended with actor,
/// reason, legal basis and time, in the transaction that changes the case and writes its events: CaseChanged always
/// (WorkerContracts shows it to the worker), FeeViolationChanged when the violation is confirmed, overturned or its
/// refund falls overdue (Licensing counts it).
/// </summary>
internal sealed class CaseCommands(FeeAuditsDatabase database, IOptions<FeeAuditsOptions> options)
{
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

        var changed = await change(work, c, CaseHistory.Today(work));
        var updated = await CaseHistory.BumpAsync(work, changed, to);
        await CaseHistory.AppendAsync(work, updated, c.State, kind, caller.Actor, caller.Country, reason, legalBasis);
        var refund = await work.QuerySingleOrDefaultAsync<RefundRow>(CaseSql.RefundOfCase, new { CaseId = c.Id });
        CaseHistory.Publish(work, updated, refund, violation);
        await work.CommitAsync();
        return await CaseQueries.ReadAsync(database, c.Id, ct);
    }
}

internal static partial class CaseSql
{
    public const string InsertRefund = """
        INSERT INTO refund_orders (id, case_id, origin_country, destination_country, currency, amount, amount_minor, due_on, state,
            evidence_reference, ordered_at, paid_at, overdue_since)
        VALUES (@Id, @CaseId, @OriginCountry, @DestinationCountry, @Currency, @Amount, @AmountMinor, @DueOn, @State,
            @EvidenceReference, @OrderedAt, @PaidAt, @OverdueSince)
        """;

    public const string CancelRefund = "UPDATE refund_orders SET state = 'CANCELLED' WHERE case_id = @CaseId AND state IN ('ORDERED', 'OVERDUE')";
}
