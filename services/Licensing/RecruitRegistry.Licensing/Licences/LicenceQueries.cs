using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Licensing.Access;
using RecruitRegistry.Licensing.Agencies;
using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;
using LicenceReply = RecruitRegistry.Contracts.Licensing.V1.Licence;

namespace RecruitRegistry.Licensing.Licences;

/// <summary>Reading a licence and its decisions: its issuer, or whoever may read its agency's record.</summary>
internal sealed class LicenceQueries(LicensingDatabase database)
{
    public async Task<LicenceHistory> HistoryAsync(GetLicenceRequest request, Caller caller, CancellationToken ct)
    {
        var (licence, work) = await LoadReadableAsync(request, caller, ct);
        await using (work)
        {
            var decisions = await work.QueryAsync<LicenceDecisionRow>(LicenceSql.History, new { LicenceId = licence.Id });
            return new LicenceHistory { LicenceId = licence.Id.ToString(), Decisions = { decisions.Select(d => d.ToReply()) } };
        }
    }

    public async Task<LicenceReply> GetAsync(GetLicenceRequest request, Caller caller, CancellationToken ct)
    {
        var (licence, work) = await LoadReadableAsync(request, caller, ct);
        await using (work)
        {
            return licence.ToReply(LicenceCommands.Today(work));
        }
    }

    /// <summary>Whether the caller may read the licence: its issuer, or whoever may read its agency's record.</summary>
    internal static async Task<bool> CanReadAsync(UnitOfWork work, LicenceRow licence, Caller caller) =>
        caller.IsAuthorityOf(licence.IssuingCountry) || await AgencyCommands.CanReadAsync(work, licence.AgencyId, caller);

    private async Task<(LicenceRow, UnitOfWork)> LoadReadableAsync(GetLicenceRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var id = v.Id("licence_id", request.LicenceId);
        v.ThrowIfInvalid();
        var work = await database.BeginAsync(ct);
        try
        {
            var licence = await work.QuerySingleOrDefaultAsync<LicenceRow>(LicenceSql.ById, new { Id = id })
                ?? throw new NotFound("licence", id.ToString());
            return await CanReadAsync(work, licence, caller) ? (licence, work) : throw LicensingAccess.Hidden("licence", id);
        }
        catch
        {
            await work.DisposeAsync();
            throw;
        }
    }
}
