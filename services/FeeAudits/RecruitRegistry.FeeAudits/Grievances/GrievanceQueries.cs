using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Grievances;

/// <summary>Reading grievances (one with its steps, or a page of a corridor's) and the kinds.</summary>
internal sealed class GrievanceQueries(FeeAuditsDatabase database)
{

    /// <summary>The kinds are reference data: anyone with a token may read them.</summary>
    public async Task<ListGrievanceKindsReply> KindsAsync(CancellationToken ct)
    {
        await using var work = await database.BeginAsync(ct);
        var reply = new ListGrievanceKindsReply();
        reply.Kinds.AddRange((await work.QueryAsync<GrievanceKindRow>(GrievanceSql.Kinds)).Select(k => k.ToProto()).OrderBy(k => k.Kind));
        return reply;
    }

    public async Task<Grievance> GetAsync(GetGrievanceRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var id = v.Id("grievance_id", request.GrievanceId);
        v.ThrowIfInvalid();
        await using var work = await database.BeginAsync(ct);
        var g = await work.QuerySingleOrDefaultAsync<GrievanceRow>(GrievanceSql.ById, new { Id = id });
        if (g is null || !FeeAuditsAccess.CanReadGrievances(caller, g.OriginCountry, g.DestinationCountry))
        {
            throw new NotFound("grievance", id.ToString());
        }

        return await ReadAsync(work, g);
    }

    public async Task<ListGrievancesReply> ListAsync(ListGrievancesRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var origin = v.Country("origin_country", request.OriginCountry);
        var destination = v.Country("destination_country", request.DestinationCountry);
        if (request.State != GrievanceState.Unspecified && !ProtoEnums.IsSet(request.State))
        {
            v.Fail("state", $"{(int)request.State} is not a grievance state");
        }

        var paging = v.Page(request.Page);

        v.ThrowIfInvalid();
        if (!FeeAuditsAccess.CanReadGrievances(caller, origin, destination))
        {
            throw new Forbidden($"only the authorities and auditors of {origin} and {destination} may read their grievances");
        }

        var state = request.State == GrievanceState.Unspecified ? null : ProtoEnums.Name(request.State, "GRIEVANCE_STATE_");
        var sql = "SELECT * FROM grievances WHERE origin_country = @Origin AND destination_country = @Destination"
            + (state is null ? "" : " AND state = @State")
            + paging.Condition()
            + " ORDER BY id DESC LIMIT @Limit"; // newest first: UUIDv7 ids are time-ordered
        await using var work = await database.BeginAsync(ct);
        var rows = (await work.QueryAsync<GrievanceRow>(sql, new { Origin = origin, Destination = destination, State = state, paging.After, paging.Limit })).ToList();
        var (page, next) = paging.Cut(rows, g => g.Id);
        var reply = new ListGrievancesReply { Page = next };
        foreach (var g in page)
        {
            reply.Grievances.Add(await ReadAsync(work, g));
        }

        return reply;
    }

    /// <summary>The grievance with its steps, read in the caller's unit of work.</summary>
    public static async Task<Grievance> ReadAsync(UnitOfWork work, GrievanceRow g) =>
        g.ToProto(
            await work.QueryAsync<GrievanceStepRow>(GrievanceSql.Steps, new { g.Id }),
            await work.QueryAsync<GrievanceOutcomeRow>(GrievanceSql.Outcomes, new { g.Id }));
}
