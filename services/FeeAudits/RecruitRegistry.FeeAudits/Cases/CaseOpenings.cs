using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.FeeAudits.Audits;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.FeeAudits.Replicas;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Cases;

/// <summary>
/// How a case opens: by the automatic audit (a VIOLATION), by a worker's report (fees paid, a substituted contract,
/// through WorkerContracts' events) or by an auditor of the corridor. Once per source: the audit's or report's key.
/// </summary>
internal sealed class CaseOpenings(FeeAuditsDatabase database)
{
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
        await work.ExecuteForRowsAsync(CaseSql.InsertDecision, rows.Select((row, i) => CaseHistory.Decision(
            work, row, null, CaseDecisions.Opened, openings[i].Actor, openings[i].ActorCountry, openings[i].Reason, openings[i].LegalBasis)).ToList());
        rows.ForEach(row =>
        {
            CaseHistory.Publish(work, row, null);
            FeeAuditsMetrics.Decided(work, CaseDecisions.Opened);
        });
    }

    private static Opening ViolationOpening(AuditRow audit, AuditResult result, Guid? agencyId) => new(
        audit.ContractId, agencyId, audit.OriginCountry, audit.DestinationCountry, CaseOrigins.AutomaticAudit,
        $"audit:{audit.ContractId}:{audit.TermsVersion}",
        Mapping.ToJson(new { audit.TermsVersion, audit.ContractVersion, Findings = result.Findings }),
        ContractAuditor.Excess(result),
        CaseHistory.SystemActor, null,
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

        await CaseHistory.AppendAsync(work, row, null, CaseDecisions.Opened, opening.Actor, opening.ActorCountry, opening.Reason, opening.LegalBasis);
        CaseHistory.Publish(work, row, null);
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
}

/// <summary>What opens a case: the contract, where it came from, and the decision that opened it.</summary>
internal sealed record Opening(
    Guid ContractId, Guid? AgencyId, string Origin, string Destination, string OpenedBy, string? SourceKey, string Details,
    EventMoney? Excess, string Actor, string? ActorCountry, string Reason, string LegalBasis);

internal static partial class CaseSql
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
}
