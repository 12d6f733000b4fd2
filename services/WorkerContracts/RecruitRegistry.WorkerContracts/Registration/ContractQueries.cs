using System.Text;
using Dapper;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;
using RecruitRegistry.WorkerContracts.Access;
using RecruitRegistry.WorkerContracts.Model;

namespace RecruitRegistry.WorkerContracts.Registration;

/// <summary>Reading contracts: one contract, its versions, and the authorities' and agencies' search.</summary>
internal sealed class ContractQueries(WorkerContractsDatabase database, ContractSecrets secrets)
{

    public async Task<ContractView> GetAsync(GetContractRequest request, Caller caller, CancellationToken ct)
    {
        await using var work = await database.BeginAsync(ct);
        var contract = await LoadReadableAsync(work, request, caller);
        var version = await work.QuerySingleOrDefaultAsync<ContractVersionRow>(ContractSql.Version, new { ContractId = contract.Id, contract.TermsVersion });
        var audit = await work.QuerySingleOrDefaultAsync<AuditRow>(ContractSql.Audit, new { ContractId = contract.Id, contract.TermsVersion });
        return contract.ToView(Mapping.ReadTerms(version!.Terms), audit);
    }

    public async Task<ContractVersions> VersionsAsync(GetContractRequest request, Caller caller, CancellationToken ct)
    {
        await using var work = await database.BeginAsync(ct);
        var contract = await LoadReadableAsync(work, request, caller);
        var versions = await work.QueryAsync<ContractVersionRow>(ContractSql.Versions, new { ContractId = contract.Id });
        var audits = (await work.QueryAsync<AuditRow>(ContractSql.Audits, new { ContractId = contract.Id })).ToDictionary(a => a.TermsVersion);
        return new ContractVersions
        {
            ContractId = contract.Id.ToString(),
            Versions = { versions.Select(row => row.ToProto(audits.GetValueOrDefault(row.TermsVersion))) },
        };
    }

    private static async Task<ContractRow> LoadReadableAsync(UnitOfWork work, GetContractRequest request, Caller caller)
    {
        var v = new RequestValidator();
        var id = v.Id("contract_id", request.ContractId);
        v.ThrowIfInvalid();
        var contract = await work.QuerySingleOrDefaultAsync<ContractRow>(ContractSql.ById, new { Id = id })
            ?? throw new NotFound("contract", id.ToString());
        ContractAccess.Read(caller, contract);
        return contract;
    }

    /// <summary>
    /// Newest first, a page at a time (the token is the last contract id of the page: UUIDv7 ids are time-ordered). An
    /// agency sees its own contracts; authorities and auditors those of a corridor of their country.
    /// </summary>
    public async Task<SearchContractsReply> SearchAsync(SearchContractsRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var isAgency = caller.Role == CallerRole.Agency;
        var origin = string.IsNullOrEmpty(request.OriginCountry) && isAgency ? "" : v.Country("origin_country", request.OriginCountry);
        var destination = string.IsNullOrEmpty(request.DestinationCountry) && isAgency ? "" : v.Country("destination_country", request.DestinationCountry);
        var agencyId = string.IsNullOrEmpty(request.AgencyId) ? (Guid?)null : v.Id("agency_id", request.AgencyId);
        if (request.Status != ContractStatus.Unspecified && !ProtoEnums.IsSet(request.Status))
        {
            v.Fail("status", $"{(int)request.Status} is not a contract status");
        }

        if (request.Sector != Contracts.Licensing.V1.Sector.Unspecified && !ProtoEnums.IsSet(request.Sector))
        {
            v.Fail("sector", $"{(int)request.Sector} is not a sector");
        }

        if (request.Sex != Sex.Unspecified && !ProtoEnums.IsSet(request.Sex))
        {
            v.Fail("sex", $"{(int)request.Sex} is not F, M or X");
        }

        var from = v.Date("signed_from", request.SignedFrom, required: false);
        var to = v.Date("signed_to", request.SignedTo, required: false);
        if (from != default && to != default && to < from)
        {
            v.Fail("signed_to", "must not be before signed_from");
        }

        var passport = v.Optional("passport_number", request.PassportNumber, 40);
        var reference = v.Optional("reference", request.Reference, 40).ToUpperInvariant();
        var paging = v.Page(request.Page);

        v.ThrowIfInvalid();
        if (isAgency)
        {
            if (agencyId is { } other && other != caller.AgencyId)
            {
                throw new Forbidden("an agency searches its own contracts only");
            }

            agencyId = caller.AgencyId;
            if (passport.Length > 0)
            {
                throw new Forbidden("only authorities and auditors look contracts up by passport");
            }
        }
        else
        {
            ContractAccess.SearchCorridor(caller, origin, destination);
        }

        var sql = new StringBuilder("SELECT * FROM contracts WHERE 1 = 1");
        var parameters = new DynamicParameters();
        Filter("origin_country", "Origin", origin.Length == 0 ? null : origin);
        Filter("destination_country", "Destination", destination.Length == 0 ? null : destination);
        Filter("agency_id", "AgencyId", agencyId);
        Filter("status", "Status", ProtoEnums.IsSet(request.Status) ? ProtoEnums.Name(request.Status, "CONTRACT_STATUS_") : null);
        Filter("sector", "Sector", ProtoEnums.IsSet(request.Sector) ? ProtoEnums.Name(request.Sector, "SECTOR_") : null);
        Filter("worker_sex", "Sex", ProtoEnums.IsSet(request.Sex) ? ProtoEnums.Name(request.Sex, "SEX_") : null);
        Filter("passport_hash", "Passport", passport.Length == 0 ? null : secrets.PassportHash(passport));
        Filter("reference", "Reference", reference.Length == 0 ? null : reference);
        if (from != default)
        {
            sql.Append(" AND signed_on >= @From");
            parameters.Add("From", from);
        }

        if (to != default)
        {
            sql.Append(" AND signed_on <= @To");
            parameters.Add("To", to);
        }

        sql.Append(paging.Condition());
        parameters.Add("After", paging.After);
        sql.Append(" ORDER BY id DESC LIMIT @Limit");
        parameters.Add("Limit", paging.Limit);

        await using var work = await database.BeginAsync(ct);
        var rows = (await work.QueryAsync<ContractRow>(sql.ToString(), parameters)).ToList();
        var (page, next) = paging.Cut(rows, c => c.Id);
        var ids = page.Select(c => c.Id).ToArray();
        var versions = (await work.QueryAsync<ContractVersionRow>(
                $"SELECT v.* FROM contract_versions v JOIN contracts c ON c.id = v.contract_id AND c.terms_version = v.terms_version WHERE v.contract_id {work.Dialect.InList("@Ids")}",
                new { Ids = work.Dialect.Ids(ids) }))
            .ToDictionary(r => r.ContractId);
        var audits = (await work.QueryAsync<AuditRow>(
                $"SELECT a.* FROM contract_audits a JOIN contracts c ON c.id = a.contract_id AND c.terms_version = a.terms_version WHERE a.contract_id {work.Dialect.InList("@Ids")}",
                new { Ids = work.Dialect.Ids(ids) }))
            .ToDictionary(r => r.ContractId);
        var reply = new SearchContractsReply { Page = next };
        reply.Contracts.AddRange(page.Select(c => c.ToView(Mapping.ReadTerms(versions[c.Id].Terms), audits.GetValueOrDefault(c.Id))));

        return reply;

        void Filter(string column, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(column).Append(" = @").Append(name);
                parameters.Add(name, value);
            }
        }
    }
}
