using Microsoft.Extensions.Options;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Licensing.Agencies;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Licensing.Compliance;

/// <summary>An agency's compliance record: its confirmed fee violations in the default window, with the cases.</summary>
internal sealed class ComplianceQueries(LicensingDatabase database, IOptions<LicensingOptions> options)
{
    public async Task<ComplianceRecord> GetAsync(GetAgencyRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var id = v.Id("agency_id", request.AgencyId);
        v.ThrowIfInvalid();
        await using var work = await database.BeginAsync(ct);
        await AgencyCommands.LoadReadableAsync(work, id, caller);
        var cases = (await work.QueryAsync<Guid>(ComplianceSql.ConfirmedOfAgency, new
        {
            AgencyId = id,
            Since = work.Now.AddMonths(-options.Value.DefaultSuspensionWindowMonths),
        })).ToList();
        return new ComplianceRecord
        {
            AgencyId = id.ToString(),
            ConfirmedViolationsInWindow = cases.Count,
            CaseIds = { cases.Select(c => c.ToString()) },
        };
    }
}
