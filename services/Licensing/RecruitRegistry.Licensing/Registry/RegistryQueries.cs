using RecruitRegistry.Rules.Licensing;
using System.Globalization;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Licensing.Agencies;
using RecruitRegistry.Licensing.Licences;
using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Licensing.Registry;

/// <summary>
/// What anyone may ask, without an account: may this agency recruit here, now (with every reason), and the public
/// registry. Workers check an agency before paying anyone.
/// </summary>
internal sealed class RegistryQueries(LicensingDatabase database, AuthorizationReadModel readModel)
{
    /// <summary>The most agencies one anonymous search answers (docs/security.md: what the public registry shows).</summary>
    public const int MaxPageSize = 100;

    public async Task<CheckAuthorizationReply> CheckAsync(CheckAuthorizationRequest request, CancellationToken ct)
    {
        var v = new RequestValidator();
        var agencyId = v.Id("agency_id", request.AgencyId);
        var origin = v.Country("origin_country", request.OriginCountry);
        var destination = v.Country("destination_country", request.DestinationCountry);
        if (!ProtoNames.IsSet(request.Sector))
        {
            v.Fail("sector", "is required");
        }

        var date = v.Date("on_date", request.OnDate, required: false);
        v.ThrowIfInvalid();

        // The hottest anonymous read, answered from the in-memory read model; the state on the date is computed here.
        var on = date == default ? DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime) : date;
        var (agency, corridor, licences) = await readModel.ReadAsync(agencyId, origin, destination, ct);
        if (agency is null)
        {
            throw new NotFound("agency", agencyId.ToString());
        }

        var decision = AuthorizationRules.Decide(agency, corridor, licences, origin, destination, ProtoNames.Sector(request.Sector), on);
        return new CheckAuthorizationReply { Authorized = decision.Authorized, Reasons = { decision.Reasons } };
    }

    public async Task<SearchRegistryReply> SearchAsync(SearchRegistryRequest request, CancellationToken ct)
    {
        var v = new RequestValidator();
        var name = v.Optional("name", request.Name, 200);
        var country = string.IsNullOrEmpty(request.Country) ? "" : v.Country("country", request.Country);
        var number = v.Optional("licence_number", request.LicenceNumber, 64);
        var registration = v.Optional("registration_number", request.RegistrationNumber, 64);
        if (registration.Length > 0 && country.Length == 0)
        {
            v.Fail("country", "is required with registration_number (numbers are unique per country)");
        }

        if (name.Length == 0 && country.Length == 0 && number.Length == 0)
        {
            v.Fail("name", "give a name, a country or a licence number");
        }

        var size = request.Page?.PageSize ?? 0;
        if (size is < 0 or > MaxPageSize)
        {
            v.Fail("page.page_size", $"must be between 0 and {MaxPageSize}");
        }

        var offset = 0;
        if (!string.IsNullOrEmpty(request.Page?.PageToken) && !int.TryParse(request.Page.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            v.Fail("page.page_token", "is not a token this service returned");
        }

        v.ThrowIfInvalid();
        size = size == 0 ? 50 : size;

        await using var work = await database.BeginAsync(ct);
        var agencies = (await work.QueryAsync<AgencyRow>(RegistrySql.Search, new
        {
            Name = name.Length == 0 ? null : "%" + Escape(AgencyCommands.SearchName(name)) + "%",
            Country = country.Length == 0 ? null : country,
            Number = number.Length == 0 ? null : number,
            Registration = registration.Length == 0 ? null : registration,
            Limit = size + 1,
            Offset = offset,
        })).ToList();

        var today = LicenceCommands.Today(work);
        var page = agencies.Take(size).ToList();
        var licences = (await work.QueryAsync<LicenceRow>(LicenceSql.OfAgencies(work.Dialect), new { Ids = work.Dialect.Ids(page.Select(a => a.Id)) }))
            .ToLookup(l => l.AgencyId);
        var violations = (await work.QueryAsync<ViolationCountRow>(Compliance.ComplianceSql.CountsOfAgencies(work.Dialect), new { Ids = work.Dialect.Ids(page.Select(a => a.Id)) }))
            .ToLookup(v => v.AgencyId);
        var reply = new SearchRegistryReply { Page = new PageReply() };
        foreach (var agency in page)
        {
            // Directors appear by name only: the proto carries nothing else about them.
            reply.Entries.Add(new RegistryEntry
            {
                Agency = agency.ToReply(),
                Licences = { licences[agency.Id].Select(l => l.ToReply(today)) },
                ConfirmedViolations =
                {
                    violations[agency.Id].Select(v => new ViolationCount
                    {
                        OriginCountry = v.OriginCountry,
                        DestinationCountry = v.DestinationCountry,
                        Kind = Enum.GetValues<Contracts.FeeAudits.V1.GrievanceKind>().FirstOrDefault(k => ProtoEnums.Name(k, "GRIEVANCE_KIND_") == v.Kind),
                        Count = (int)v.Count,
                    }),
                },
            });
        }

        if (agencies.Count > size)
        {
            reply.Page.NextPageToken = (offset + size).ToString(CultureInfo.InvariantCulture);
        }

        return reply;
    }

    private sealed record ViolationCountRow
    {
        public Guid AgencyId { get; init; }
        public string OriginCountry { get; init; } = "";
        public string DestinationCountry { get; init; } = "";
        public string Kind { get; init; } = "";
        public long Count { get; init; }
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}

/// <summary>Registry statements.</summary>
internal static class RegistrySql
{
    /// <summary>The read model's load: agency, corridor and licences in one round trip, no transaction.</summary>
    public const string CheckAuthorization = """
        SELECT * FROM agencies WHERE id = @AgencyId;
        SELECT * FROM corridors WHERE origin_country = @Origin AND destination_country = @Destination;
        SELECT * FROM licences WHERE agency_id = @AgencyId;
        """;

    public const string Search = """
        SELECT * FROM agencies a
        WHERE (@Name IS NULL OR a.search_name LIKE @Name ESCAPE '\')
          AND (@Country IS NULL OR a.country = @Country)
          AND (@Registration IS NULL OR a.registration_number = @Registration)
          AND (@Number IS NULL OR EXISTS (SELECT 1 FROM licences l WHERE l.agency_id = a.id AND l.number = @Number))
        ORDER BY a.search_name, a.id
        LIMIT @Limit OFFSET @Offset
        """;
}
