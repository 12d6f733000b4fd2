using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Cases;

/// <summary>Reading cases: one with its history and refund, or a page of a corridor's or an agency's cases.</summary>
internal sealed class CaseQueries(FeeAuditsDatabase database)
{

    public async Task<Case> GetAsync(GetCaseRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var id = v.Id("case_id", request.CaseId);
        v.ThrowIfInvalid();
        await using var work = await database.BeginAsync(ct);
        var c = await work.QuerySingleOrDefaultAsync<CaseRow>(CaseSql.ById, new { Id = id }) ?? throw new NotFound("case", id.ToString());
        FeeAuditsAccess.ReadCase(caller, c, "case", id);
        return await ReadAsync(work, c);
    }

    public async Task<ListCasesReply> ListAsync(ListCasesRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        string? origin = null, destination = null;
        Guid? agencyId = null;
        if (caller.Role == CallerRole.Agency)
        {
            agencyId = string.IsNullOrEmpty(request.AgencyId) ? caller.AgencyId : v.Id("agency_id", request.AgencyId);
        }
        else
        {
            origin = v.Country("origin_country", request.OriginCountry);
            destination = v.Country("destination_country", request.DestinationCountry);
            if (!string.IsNullOrEmpty(request.AgencyId))
            {
                agencyId = v.Id("agency_id", request.AgencyId);
            }
        }

        if (request.State != CaseState.Unspecified && !ProtoEnums.IsSet(request.State))
        {
            v.Fail("state", $"{(int)request.State} is not a case state");
        }

        var paging = v.Page(request.Page);

        v.ThrowIfInvalid();
        if (caller.Role == CallerRole.Agency)
        {
            if (agencyId != caller.AgencyId)
            {
                throw new Forbidden("an agency lists only its own cases");
            }
        }
        else
        {
            FeeAuditsAccess.ReadCorridor(caller, origin!, destination!, "its cases");
        }

        await using var work = await database.BeginAsync(ct);
        var state = request.State == CaseState.Unspecified ? null : ProtoEnums.Name(request.State, "CASE_STATE_");
        var sql = new System.Text.StringBuilder("SELECT * FROM cases WHERE 1 = 1");
        sql.Append(origin is null ? "" : " AND origin_country = @Origin AND destination_country = @Destination");
        sql.Append(agencyId is null ? "" : " AND agency_id = @AgencyId");
        sql.Append(state is null ? "" : " AND state = @State");
        sql.Append(paging.Condition());
        sql.Append(" ORDER BY id DESC LIMIT @Limit"); // newest first: UUIDv7 ids are time-ordered
        var rows = (await work.QueryAsync<CaseRow>(sql.ToString(), new
        {
            Origin = origin, Destination = destination, AgencyId = agencyId ?? Guid.Empty, State = state, paging.After, paging.Limit,
        })).ToList();
        var (page, next) = paging.Cut(rows, c => c.Id);
        var reply = new ListCasesReply { Page = next };
        foreach (var c in page)
        {
            reply.Cases.Add(await ReadAsync(work, c));
        }


        return reply;
    }

    public static async Task<Case> ReadAsync(FeeAuditsDatabase database, Guid id, CancellationToken ct)
    {
        await using var work = await database.BeginAsync(ct);
        var c = await work.QuerySingleOrDefaultAsync<CaseRow>(CaseSql.ById, new { Id = id }) ?? throw new NotFound("case", id.ToString());
        return await ReadAsync(work, c);
    }

    private static async Task<Case> ReadAsync(Platform.Data.UnitOfWork work, CaseRow c)
    {
        var history = await work.QueryAsync<CaseDecisionRow>(CaseSql.Decisions, new { c.Id });
        var refund = await work.QuerySingleOrDefaultAsync<RefundRow>(CaseSql.RefundOfCase, new { CaseId = c.Id });
        return c.ToProto(history, refund);
    }
}
