using System.Globalization;
using System.Text;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Licensing.Access;
using RecruitRegistry.Licensing.Corridors;
using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Licensing.Agencies;

/// <summary>Agencies: registered by the authority of their own country; read by themselves and their corridors' authorities.</summary>
internal sealed class AgencyCommands(LicensingDatabase database)
{
    public async Task<Agency> RegisterAsync(RegisterAgencyRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var name = v.Required("legal_name", request.LegalName);
        var number = v.Required("registration_number", request.RegistrationNumber, 64);
        var country = v.Country("country", request.Country);
        var address = v.Required("address", request.Address, 500);
        var email = v.Optional("contact_email", request.ContactEmail, 254);
        if (email.Length > 0 && (!email.Contains('@', StringComparison.Ordinal) || email.Contains(' ', StringComparison.Ordinal)))
        {
            v.Fail("contact_email", "is not an e-mail address");
        }

        var phone = v.Optional("contact_phone", request.ContactPhone, 32);
        if (request.Directors.Count > 50)
        {
            v.Fail("directors", "at most 50 directors");
        }

        var directors = request.Directors.Select((d, i) => v.Required($"directors[{i}].full_name", d.FullName)).ToList();
        v.ThrowIfInvalid();
        LicensingAccess.AuthorityOf(caller, country, "register agencies of " + country);

        var agency = new AgencyRow
        {
            Id = Guid.CreateVersion7(),
            LegalName = name,
            SearchName = SearchName(name),
            RegistrationNumber = number,
            Country = country,
            Address = address,
            ContactEmail = email,
            ContactPhone = phone,
            Directors = Lists.ToJson(directors),
            Version = 1,
        };
        await using var work = await database.BeginAsync(ct);
        try
        {
            await work.ExecuteAsync(AgencySql.Insert, agency);
        }
        catch (Exception ex) when (SqlDialect.IsUniqueViolation(ex))
        {
            throw new AlreadyExists("agency registration number", $"{country}/{number}");
        }

        work.Publish(agency.ToEvent(AgencyChange.Registered, work.Now));
        await work.CommitAsync();
        return agency.ToReply();
    }

    public async Task<Agency> GetAsync(GetAgencyRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var id = v.Id("agency_id", request.AgencyId);
        v.ThrowIfInvalid();
        await using var work = await database.BeginAsync(ct);
        var agency = await LoadReadableAsync(work, id, caller);
        return agency.ToReply();
    }

    /// <summary>Loads an agency the caller may read; NOT_FOUND alike when there is none and when the caller may not read it.</summary>
    public static async Task<AgencyRow> LoadReadableAsync(UnitOfWork work, Guid id, Caller caller)
    {
        var agency = await work.QuerySingleOrDefaultAsync<AgencyRow>(AgencySql.ById, new { Id = id })
            ?? throw new NotFound("agency", id.ToString());
        return await CanReadAsync(work, agency, caller) ? agency : throw LicensingAccess.Hidden("agency", id);
    }

    /// <summary>Whether the caller may read the agency's record (its licences, decisions and appeals with it).</summary>
    public static async Task<bool> CanReadAsync(UnitOfWork work, AgencyRow agency, Caller caller) =>
        caller.IsAgency(agency.Id) || caller.Country == agency.Country
            ? LicensingAccess.CanReadAgency(caller, agency, [])
            : LicensingAccess.CanReadAgency(caller, agency, await work.QueryAsync<CorridorRow>(CorridorSql.OfCountry, new { agency.Country }));

    /// <summary>Whether the caller may read the record of the agency with this id.</summary>
    public static async Task<bool> CanReadAsync(UnitOfWork work, Guid agencyId, Caller caller) =>
        await work.QuerySingleOrDefaultAsync<AgencyRow>(AgencySql.ById, new { Id = agencyId }) is { } agency && await CanReadAsync(work, agency, caller);

    /// <summary>Lower case without diacritics, so "Sánchez" is found as "sanchez" and "SANCHEZ".</summary>
    public static string SearchName(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var kept = decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark);
        return string.Concat(kept).Normalize(NormalizationForm.FormC).ToLowerInvariant();
    }
}

/// <summary>Agency statements.</summary>
internal static class AgencySql
{
    public const string Insert = """
        INSERT INTO agencies (id, legal_name, search_name, registration_number, country, address, contact_email, contact_phone, directors, version)
        VALUES (@Id, @LegalName, @SearchName, @RegistrationNumber, @Country, @Address, @ContactEmail, @ContactPhone, @Directors, @Version)
        """;

    public const string ById = "SELECT * FROM agencies WHERE id = @Id";
}
