using Google.Protobuf.WellKnownTypes;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.FeeAudits.Replicas;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Audits;

/// <summary>
/// An audit with every applicable rule's own verdict: for the corridor's authorities and auditors, and the agency; and the
/// audit queue of a corridor by outcome.
/// </summary>
internal sealed class AuditQueries(FeeAuditsDatabase database)
{
    public async Task<Audit> GetAsync(GetAuditRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var contractId = v.Id("contract_id", request.ContractId);
        if (request.TermsVersion < 0)
        {
            v.Fail("terms_version", "must be 1 or more (0: the newest)");
        }

        v.ThrowIfInvalid();
        await using var work = await database.BeginAsync(ct);
        var contract = await work.QuerySingleOrDefaultAsync<ContractReplicaRow>(ReplicaSql.Contract, new { Id = contractId })
            ?? throw new NotFound("contract", contractId.ToString());
        FeeAuditsAccess.ReadOwn(caller, contract.AgencyId, contract.OriginCountry, contract.DestinationCountry, "contract", contractId);
        var audit = request.TermsVersion == 0
            ? await work.QuerySingleOrDefaultAsync<AuditRow>(AuditSql.Newest, new { ContractId = contractId })
            : await work.QuerySingleOrDefaultAsync<AuditRow>(AuditSql.ByTerms, new { ContractId = contractId, request.TermsVersion });
        return audit?.ToProto() ?? throw new NotFound("audit of contract", $"{contractId} terms version {request.TermsVersion}");
    }

    public async Task<ListAuditsReply> ListAsync(ListAuditsRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var origin = v.Country("origin_country", request.OriginCountry);
        var destination = v.Country("destination_country", request.DestinationCountry);
        if (!ProtoEnums.IsSet(request.Outcome))
        {
            v.Fail("outcome", "must be PENDING, COMPLIANT, VIOLATION or UNDETERMINED");
        }

        var paging = v.Page(request.Page);
        v.ThrowIfInvalid();
        FeeAuditsAccess.ReadCorridor(caller, origin, destination, "its audits");
        await using var work = await database.BeginAsync(ct);
        var rows = (await work.QueryAsync<QueuedAuditRow>(Queue + paging.Condition("r.id") + " ORDER BY r.id DESC LIMIT @Limit", new
        {
            Origin = origin, Destination = destination, Outcome = ProtoEnums.Name(request.Outcome, "AUDIT_OUTCOME_"), paging.After, paging.Limit,
        })).ToList();
        var (page, next) = paging.Cut(rows, r => r.ContractId);
        var reply = new ListAuditsReply { Page = next };
        reply.Audits.Add(page.Select(r => new QueuedAudit
        {
            ContractId = r.ContractId.ToString(),
            Reference = r.Reference,
            AgencyId = r.AgencyId.ToString(),
            Outcome = request.Outcome,
            UndeterminedReason = r.UndeterminedReason ?? "",
            Excess = r.ExcessCurrency is { } currency && r.ExcessAmount is { } amount ? Mapping.ToMoney(currency, amount) : null,
            RegisteredAt = Timestamp.FromDateTimeOffset(r.RegisteredAt),
            AuditedAt = Timestamp.FromDateTimeOffset(r.AuditedAt),
            TermsVersion = r.TermsVersion,
        }));
        return reply;
    }

    /// <summary>The corridor's contracts whose newest audit has the outcome: newest first (contract ids are UUIDv7, time-ordered).</summary>
    private const string Queue = """
        SELECT r.id AS contract_id, r.reference, r.agency_id, r.registered_at, a.terms_version, a.undetermined_reason,
            a.excess_currency, a.excess_amount, a.audited_at
        FROM contract_replicas r JOIN audits a ON a.contract_id = r.id AND a.terms_version = r.audit_terms_version
        WHERE r.origin_country = @Origin AND r.destination_country = @Destination AND r.audit_outcome = @Outcome
        """;

    private sealed record QueuedAuditRow
    {
        public Guid ContractId { get; init; }
        public string Reference { get; init; } = "";
        public Guid AgencyId { get; init; }
        public DateTimeOffset RegisteredAt { get; init; }
        public int TermsVersion { get; init; }
        public string? UndeterminedReason { get; init; }
        public string? ExcessCurrency { get; init; }
        public decimal? ExcessAmount { get; init; }
        public DateTimeOffset AuditedAt { get; init; }
    }
}
