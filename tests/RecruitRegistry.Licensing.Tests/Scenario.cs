using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.Licensing.Tests;

/// <summary>
/// Builds the situations tests start from, with realistic data from shared/reference/corridors.md (Nepal's DoFE
/// licensing under the Foreign Employment Act 2064; Qatar's Labour Law 14/2004); tests set only what they assert.
/// </summary>
public sealed class Scenario(LicensingApp app)
{
    public static Date Day(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public async Task<Corridor> OpenCorridorAsync(string origin = "NP", string destination = "QA", bool accreditationRequired = true, params Sector[] sectors)
    {
        var proposed = await app.Client.ProposeCorridorAsync(Proposal(origin, destination, accreditationRequired, sectors), LicensingApp.Authority(origin));
        return await app.Client.ApproveCorridorAsync(new CorridorDecisionRequest
        {
            CorridorId = proposed.Id,
            ExpectedVersion = proposed.Version,
            Reason = "Both ministries signed the memorandum",
            LegalBasis = "Qatar Labour Law 14/2004; bilateral agreement (test data)",
        }, LicensingApp.Authority(destination));
    }

    public static ProposeCorridorRequest Proposal(string origin = "NP", string destination = "QA", bool accreditationRequired = true, params Sector[] sectors) => new()
    {
        OriginCountry = origin,
        DestinationCountry = destination,
        BilateralAgreementReference = $"{origin}-{destination} labour agreement (test data)",
        DestinationAccreditationRequired = accreditationRequired,
        Sectors = { sectors.Length == 0 ? [Sector.Construction, Sector.DomesticWork] : sectors },
    };

    public Task<Agency> RegisterAgencyAsync(string country = "NP", string name = "Himalayan Overseas Pvt. Ltd.", string? number = null) =>
        app.Client.RegisterAgencyAsync(new RegisterAgencyRequest
        {
            LegalName = name,
            RegistrationNumber = number ?? "DoFE-" + Guid.NewGuid().ToString("N")[..8],
            Country = country,
            Address = "Kathmandu-10, New Baneshwor",
            ContactEmail = "info@example.org",
            ContactPhone = "+977 1 4000000",
            Directors = { new Director { FullName = "Sita Sharma" } },
        }, LicensingApp.Authority(country)).ResponseAsync;

    public static IssueLicenceRequest OriginLicence(Agency agency, string destination = "QA", DateOnly? from = null, DateOnly? until = null, params Sector[] sectors) => new()
    {
        AgencyId = agency.Id,
        Kind = LicenceKind.OriginLicence,
        Number = "NP-LIC-" + Guid.NewGuid().ToString("N")[..8],
        DestinationCountries = { destination },
        Sectors = { sectors.Length == 0 ? [Sector.Construction, Sector.DomesticWork] : sectors },
        ValidFrom = Day(from ?? Today.AddYears(-1)),
        ValidUntil = Day(until ?? Today.AddYears(2)),
        SecurityBond = new Money { CurrencyCode = "NPR", Amount = "5000000.00" }, // Act s.11(2), lowest tier (unverified parse)
        Conditions = { "Report deployments monthly" },
        Reason = "Application complete; deposit lodged",
        LegalBasis = "Foreign Employment Act 2064, s.10-11",
    };

    public Task<Licence> IssueOriginLicenceAsync(Agency agency, string destination = "QA", DateOnly? until = null, params Sector[] sectors) =>
        app.Client.IssueLicenceAsync(OriginLicence(agency, destination, until: until, sectors: sectors), LicensingApp.Authority(agency.Country)).ResponseAsync;

    public Task<Licence> AccreditAsync(Agency agency, string destination = "QA") =>
        app.Client.IssueLicenceAsync(new IssueLicenceRequest
        {
            AgencyId = agency.Id,
            Kind = LicenceKind.DestinationAccreditation,
            Number = $"{destination}-ACC-" + Guid.NewGuid().ToString("N")[..8],
            Sectors = { Sector.Construction, Sector.DomesticWork },
            ValidFrom = Day(Today.AddMonths(-1)),
            ValidUntil = Day(Today.AddYears(1)),
            Reason = "Partner agency vetted",
            LegalBasis = "Qatar Labour Law 14/2004, recruitment licensing",
        }, LicensingApp.Authority(destination)).ResponseAsync;

    public static LicenceDecisionRequest Decision(Licence licence, string reason = "Inspection found unreceipted fees") => new()
    {
        LicenceId = licence.Id,
        ExpectedVersion = licence.Version,
        Reason = reason,
        LegalBasis = "Foreign Employment Act 2064, s.24",
    };
}
