using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>
/// The situations tests start from, with realistic data: Nepal's DoFE licensing (Foreign Employment Act 2064), Qatar's
/// Labour Law 14/2004, fees under Nepal's NPR 10,000 cap (shared/reference/corridors.md). Names and numbers are test data.
/// </summary>
public sealed class Scenario(ContractsApp app)
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static Date Day(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    /// <summary>An open NP→QA corridor (accreditation required, minimum age 21, construction and domestic work), an agency
    /// licensed by Nepal and accredited by Qatar, and WorkerContracts' replica caught up.</summary>
    public async Task<Agency> LicensedAgencyAsync(string origin = "NP", string destination = "QA", int minimumAge = 21)
    {
        await OpenCorridorAsync(origin, destination, minimumAge);
        var agency = await AgencyAsync(origin);
        await LicenceAsync(agency, destination);
        await AccreditAsync(agency, destination);
        await app.WaitForReplicaAsync(origin, destination);
        return agency;
    }

    public async Task<Corridor> OpenCorridorAsync(string origin = "NP", string destination = "QA", int minimumAge = 21)
    {
        var proposed = await app.Licensing.ProposeCorridorAsync(new ProposeCorridorRequest
        {
            OriginCountry = origin,
            DestinationCountry = destination,
            BilateralAgreementReference = $"{origin}-{destination} labour agreement (test data)",
            DestinationAccreditationRequired = true,
            MinimumWorkerAge = minimumAge,
            Sectors = { Sector.Construction, Sector.DomesticWork },
        }, ContractsApp.Authority(origin));
        return await app.Licensing.ApproveCorridorAsync(new CorridorDecisionRequest
        {
            CorridorId = proposed.Id, ExpectedVersion = proposed.Version, Reason = "Both ministries signed", LegalBasis = "Qatar Labour Law 14/2004",
        }, ContractsApp.Authority(destination));
    }

    public Task<Agency> AgencyAsync(string country = "NP", string name = "Himalayan Overseas Pvt. Ltd.") =>
        app.Licensing.RegisterAgencyAsync(new RegisterAgencyRequest
        {
            LegalName = name,
            RegistrationNumber = "DoFE-" + Guid.NewGuid().ToString("N")[..8],
            Country = country,
            Address = "Kathmandu-10, New Baneshwor",
            Directors = { new Director { FullName = "Sita Sharma" } },
        }, ContractsApp.Authority(country)).ResponseAsync;

    public Task<Licence> LicenceAsync(Agency agency, string destination = "QA", DateOnly? until = null) =>
        app.Licensing.IssueLicenceAsync(new IssueLicenceRequest
        {
            AgencyId = agency.Id,
            Kind = LicenceKind.OriginLicence,
            Number = "NP-LIC-" + Guid.NewGuid().ToString("N")[..8],
            DestinationCountries = { destination },
            Sectors = { Sector.Construction, Sector.DomesticWork },
            ValidFrom = Day(Today.AddYears(-1)),
            ValidUntil = Day(until ?? Today.AddYears(3)),
            SecurityBond = new Money { CurrencyCode = "NPR", Amount = "5000000.00" },
            Reason = "Application complete; deposit lodged",
            LegalBasis = "Foreign Employment Act 2064, s.10-11",
        }, ContractsApp.Authority(agency.Country)).ResponseAsync;

    public Task<Licence> AccreditAsync(Agency agency, string destination = "QA") =>
        app.Licensing.IssueLicenceAsync(new IssueLicenceRequest
        {
            AgencyId = agency.Id,
            Kind = LicenceKind.DestinationAccreditation,
            Number = $"{destination}-ACC-" + Guid.NewGuid().ToString("N")[..8],
            Sectors = { Sector.Construction, Sector.DomesticWork },
            ValidFrom = Day(Today.AddMonths(-1)),
            ValidUntil = Day(Today.AddYears(3)),
            SecurityBond = new Money { CurrencyCode = "QAR", Amount = "0" },
            Reason = "Partner agency vetted",
            LegalBasis = "Qatar Labour Law 14/2004, recruitment licensing",
        }, ContractsApp.Authority(destination)).ResponseAsync;

    public static Terms Terms(Sector sector = Sector.Construction, string wage = "1200.00", DateOnly? start = null) => new()
    {
        SignedOn = Day(Today.AddDays(-3)),
        MonthlyBasicWage = new Money { CurrencyCode = "QAR", Amount = wage },
        HoursPerWeek = 48,
        RestDaysPerWeek = 1,
        DurationMonths = 24,
        StartDate = Day(start ?? Today.AddDays(30)),
        AnnualLeaveDays = 21,
        OvertimeRate = "1.25",
        AccommodationProvided = true,
        FoodProvided = false,
        TransportProvided = true,
        ReturnTicketPaidByEmployer = true,
        Employer = new Employer { Name = "Al Noor Contracting W.L.L.", Country = "QA", RegistrationId = "CR-45821" },
        Job = sector == Sector.DomesticWork
            ? new Job { Title = "Domestic worker", Sector = sector, Isco08Code = "9111", WorkLocation = "Al Rayyan" }
            : new Job { Title = "Mason", Sector = sector, Isco08Code = "7112", WorkLocation = "Doha, Industrial Area" },
    };

    /// <summary>Nepal's cap is NPR 10,000 per worker for Qatar ("free visa, free ticket", 2015).</summary>
    public static Fee ServiceFee(string amount = "10000.00") =>
        new() { Category = FeeCategory.RecruitmentService, Amount = new Money { CurrencyCode = "NPR", Amount = amount }, Payee = "Himalayan Overseas Pvt. Ltd." };

    public static Worker Worker(Sex sex = Sex.F, DateOnly? born = null, string passport = "PA1234567") => new()
    {
        FullName = sex == Sex.F ? "Sita Tamang" : "Ram Bahadur Thapa",
        Sex = sex,
        DateOfBirth = Day(born ?? new DateOnly(1998, 4, 12)),
        Nationality = "NP",
        PassportNumber = passport,
        PreferredLanguage = "ne",
    };

    public static RegisterContractRequest Registration(Agency agency, Sex sex = Sex.F, Sector sector = Sector.Construction, DateOnly? born = null, string? requestId = null) => new()
    {
        AgencyId = agency.Id,
        OriginCountry = "NP",
        DestinationCountry = "QA",
        Worker = Worker(sex, born),
        Terms = Terms(sector),
        Fees = { ServiceFee() },
        RequestId = requestId ?? Guid.NewGuid().ToString(),
    };

    public Task<RegisterContractReply> RegisterAsync(Agency agency, Sex sex = Sex.F, Sector sector = Sector.Construction) =>
        app.Contracts.RegisterContractAsync(Registration(agency, sex, sector), ContractsApp.Agency(agency.Id)).ResponseAsync;
}
