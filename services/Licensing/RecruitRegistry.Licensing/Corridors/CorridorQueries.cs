using System.Globalization;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Licensing.Access;
using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Licensing.Corridors;

/// <summary>Reading corridors: their parties' authorities and auditors.</summary>
internal sealed class CorridorQueries(LicensingDatabase database)
{
    public async Task<Corridor> GetAsync(GetCorridorRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var id = v.Id("corridor_id", request.CorridorId);
        v.ThrowIfInvalid();
        await using var work = await database.BeginAsync(ct);
        var corridor = await work.QuerySingleOrDefaultAsync<CorridorRow>(CorridorSql.ById, new { Id = id })
            ?? throw new NotFound("corridor", id.ToString());
        LicensingAccess.ReadCorridor(caller, corridor);
        return corridor.ToReply();
    }

    /// <summary>
    /// The corridors of the caller's country, or only those with one other country (a country has a few dozen at most:
    /// one page, no token).
    /// </summary>
    public async Task<ListCorridorsReply> ListAsync(ListCorridorsRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var counterpart = string.IsNullOrEmpty(request.CounterpartCountry) ? null : v.Country("counterpart_country", request.CounterpartCountry);
        v.ThrowIfInvalid();
        if (caller.Role is not (CallerRole.Authority or CallerRole.Auditor))
        {
            throw new Forbidden("authorities and auditors list the corridors of their own country");
        }

        await using var work = await database.BeginAsync(ct);
        var corridors = await work.QueryAsync<CorridorRow>(CorridorSql.OfCountry, new { caller.Country });
        return new ListCorridorsReply
        {
            Corridors = { corridors.Where(c => counterpart is null || c.HasParty(counterpart)).Select(c => c.ToReply()) },
            Page = new(),
        };
    }

    internal static string Name(CorridorRow c) => string.Create(CultureInfo.InvariantCulture, $"{c.OriginCountry}→{c.DestinationCountry}");
}
