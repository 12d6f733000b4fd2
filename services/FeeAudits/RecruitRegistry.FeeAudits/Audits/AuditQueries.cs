using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.FeeAudits.Replicas;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Audits;

/// <summary>An audit with every applicable rule's own verdict: for the corridor's authorities and auditors, and the agency.</summary>
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
}
