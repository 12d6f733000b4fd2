using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Cases;

/// <summary>
/// Refund orders of confirmed cases (ordered by <see cref="CaseCommands.ConfirmAsync"/>): paid with evidence, or
/// OVERDUE after their due day, which Licensing counts against the agency.
/// </summary>
internal sealed class RefundCommands(FeeAuditsDatabase database)
{
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
        var updated = await CaseHistory.BumpAsync(work, c, c.State);
        await CaseHistory.AppendAsync(work, updated, c.State, CaseDecisions.RefundPaid, caller.Actor, caller.Country,
            $"Refund of {refund.Currency} {refund.Amount} paid (evidence {evidence})", "Refund order of the confirmed case");
        CaseHistory.Publish(work, updated, paid);
        await work.CommitAsync();
        return paid.ToProto();
    }

    /// <summary>Refunds past their due day become OVERDUE (actor "system"), published so Licensing can act.</summary>
    public async Task<int> SweepOverdueAsync(CancellationToken ct)
    {
        List<RefundRow> due;
        await using (var read = await database.BeginAsync(ct))
        {
            due = (await read.QueryAsync<RefundRow>(CaseSql.DueRefunds, new { Today = CaseHistory.Today(read) })).ToList();
        }

        var swept = 0;
        foreach (var refund in due)
        {
            await using var work = await database.BeginAsync(ct);
            var today = CaseHistory.Today(work);
            var overdue = refund with { State = RefundStates.Overdue, OverdueSince = today };
            if (await work.ExecuteAsync(CaseSql.MarkOverdue, new { refund.Id, Today = today }) == 0)
            {
                continue; // paid or cancelled meanwhile
            }

            var c = (await work.QuerySingleOrDefaultAsync<CaseRow>(CaseSql.ById, new { Id = refund.CaseId }))!;
            var updated = await CaseHistory.BumpAsync(work, c, c.State);
            await CaseHistory.AppendAsync(work, updated, c.State, CaseDecisions.RefundOverdue, CaseHistory.SystemActor, null,
                $"Refund of {refund.Currency} {refund.Amount} was due on {refund.DueOn:yyyy-MM-dd} and is not recorded as paid",
                "Refund order of the confirmed case");
            CaseHistory.Publish(work, updated, overdue, CaseStates.ViolationStands.Contains(c.State) ? FeeViolationStatus.RefundOverdue : null);
            await work.CommitAsync();
            swept++;
        }

        return swept;
    }
}

internal static partial class CaseSql
{
    public const string Refund = "SELECT * FROM refund_orders WHERE id = @Id";

    public const string UpdateRefund = """
        UPDATE refund_orders SET state = @State, evidence_reference = @EvidenceReference, paid_at = @PaidAt WHERE id = @Id
        """;

    public const string DueRefunds = "SELECT * FROM refund_orders WHERE state = 'ORDERED' AND due_on < @Today";

    public const string MarkOverdue = "UPDATE refund_orders SET state = 'OVERDUE', overdue_since = @Today WHERE id = @Id AND state = 'ORDERED'";
}
