using Grpc.Core;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.Testing;

/// <summary>
/// The situations tests start from, built through the services' public APIs as the two ministries, an agency and the
/// auditors build them, whichever way the services run (<see cref="IRecruitRegistry"/>). Rules and amounts from
/// shared/reference/corridors.md: Nepal's DoFE licensing (Foreign Employment Act 2064) and its NPR 10,000 service-fee
/// cap for Qatar, Qatar's Labour Law 14/2004 (Art. 33: no fee at all) and its QAR 1,000 minimum wage. Names and numbers
/// are test data; tests set only what they assert.
/// </summary>
public class CorridorScenario(IRecruitRegistry registry)
{
    public const string AgencyName = "Himalayan Overseas Pvt. Ltd.";

    /// <summary>Nepal's cap per worker for Qatar ("free visa, free ticket", 2015).</summary>
    public const string CappedServiceFee = "10000.00";

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static Date Day(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    public static Money Money(string currency, string amount) => new() { CurrencyCode = currency, Amount = amount };

    // ---- Licensing ----

    /// <summary>A proposal; the minimum age and the suspension threshold stay unset (the service's defaults) unless given.</summary>
    public static ProposeCorridorRequest Proposal(
        string origin = "NP", string destination = "QA", bool accreditationRequired = true, int? minimumAge = null, int? threshold = null,
        params Sector[] sectors)
    {
        var proposal = new ProposeCorridorRequest
        {
            OriginCountry = origin,
            DestinationCountry = destination,
            BilateralAgreementReference = $"{origin}-{destination} labour agreement (test data)",
            DestinationAccreditationRequired = accreditationRequired,
            Sectors = { sectors.Length == 0 ? [Sector.Construction, Sector.DomesticWork] : sectors },
        };
        if (minimumAge is { } age)
        {
            proposal.MinimumWorkerAge = age;
        }

        if (threshold is { } t)
        {
            proposal.SuspensionThreshold = t;
            proposal.SuspensionWindowMonths = 12;
        }

        return proposal;
    }

    /// <summary>The origin proposes, the destination approves: the corridor is open (minimum age 21 unless given).</summary>
    public async Task<Corridor> OpenCorridorAsync(
        string origin = "NP", string destination = "QA", int? minimumAge = 21, int? threshold = null, bool accreditationRequired = true,
        params Sector[] sectors)
    {
        var proposed = await registry.Licensing.ProposeCorridorAsync(
            Proposal(origin, destination, accreditationRequired, minimumAge, threshold, sectors), registry.Authority(origin));
        return await registry.Licensing.ApproveCorridorAsync(new CorridorDecisionRequest
        {
            CorridorId = proposed.Id,
            ExpectedVersion = proposed.Version,
            Reason = "Both ministries signed the memorandum",
            LegalBasis = "Qatar Labour Law 14/2004; bilateral agreement (test data)",
        }, registry.Authority(destination));
    }

    public Task<Agency> RegisterAgencyAsync(string country = "NP", string name = AgencyName, string? number = null) =>
        registry.Licensing.RegisterAgencyAsync(new RegisterAgencyRequest
        {
            LegalName = name,
            RegistrationNumber = number ?? "DoFE-" + Guid.NewGuid().ToString("N")[..8],
            Country = country,
            Address = "Kathmandu-10, New Baneshwor",
            ContactEmail = "info@example.org",
            ContactPhone = "+977 1 4000000",
            Directors = { new Director { FullName = "Sita Sharma" } },
        }, registry.Authority(country)).ResponseAsync;

    public static IssueLicenceRequest OriginLicence(
        Agency agency, string destination = "QA", DateOnly? from = null, DateOnly? until = null, params Sector[] sectors) => new()
    {
        AgencyId = agency.Id,
        Kind = LicenceKind.OriginLicence,
        Number = "NP-LIC-" + Guid.NewGuid().ToString("N")[..8],
        DestinationCountries = { destination },
        Sectors = { sectors.Length == 0 ? [Sector.Construction, Sector.DomesticWork] : sectors },
        ValidFrom = Day(from ?? Today.AddYears(-1)),
        ValidUntil = Day(until ?? Today.AddYears(3)),
        SecurityBond = Money("NPR", "5000000.00"), // Act s.11(2), lowest tier
        Conditions = { "Report deployments monthly" },
        Reason = "Application complete; deposit lodged",
        LegalBasis = "Foreign Employment Act 2064, s.10-11",
    };

    public Task<Licence> IssueOriginLicenceAsync(Agency agency, string destination = "QA", DateOnly? until = null, params Sector[] sectors) =>
        registry.Licensing.IssueLicenceAsync(
            OriginLicence(agency, destination, until: until, sectors: sectors), registry.Authority(agency.Country)).ResponseAsync;

    public Task<Licence> AccreditAsync(Agency agency, string destination = "QA") =>
        registry.Licensing.IssueLicenceAsync(new IssueLicenceRequest
        {
            AgencyId = agency.Id,
            Kind = LicenceKind.DestinationAccreditation,
            Number = $"{destination}-ACC-" + Guid.NewGuid().ToString("N")[..8],
            Sectors = { Sector.Construction, Sector.DomesticWork },
            ValidFrom = Day(Today.AddMonths(-1)),
            ValidUntil = Day(Today.AddYears(3)),
            Reason = "Partner agency vetted",
            LegalBasis = "Qatar Labour Law 14/2004, recruitment licensing",
        }, registry.Authority(destination)).ResponseAsync;

    /// <summary>The origin licenses the agency and the destination accredits it; returns once the replicas have caught up.</summary>
    public async Task<(Licence Origin, Licence Accreditation)> LicenseAsync(Agency agency, string destination = "QA")
    {
        var origin = await IssueOriginLicenceAsync(agency, destination);
        var accreditation = await AccreditAsync(agency, destination);
        await registry.CaughtUpAsync(agency.Country, destination);
        return (origin, accreditation);
    }

    /// <summary>An agency registered, licensed and accredited in an open corridor, every replica caught up.</summary>
    public async Task<Agency> LicensedAgencyAsync(string name = AgencyName, string origin = "NP", string destination = "QA")
    {
        var agency = await RegisterAgencyAsync(origin, name);
        await LicenseAsync(agency, destination);
        return agency;
    }

    /// <summary>An open NP→QA corridor (accreditation required, minimum age 21) with one licensed, accredited agency.</summary>
    public async Task<Agency> CorridorWithAgencyAsync(int minimumAge = 21, int? threshold = null)
    {
        await OpenCorridorAsync(minimumAge: minimumAge, threshold: threshold);
        return await LicensedAgencyAsync();
    }

    public Task<Licence> LicenceAsync(Licence licence) =>
        registry.Licensing.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, registry.Authority("NP")).ResponseAsync;

    public static LicenceDecisionRequest Decision(Licence licence, string reason = "Inspection found unreceipted fees") => new()
    {
        LicenceId = licence.Id, ExpectedVersion = licence.Version, Reason = reason, LegalBasis = "Foreign Employment Act 2064, s.24",
    };

    // ---- WorkerContracts ----

    public static ContractsApi.Terms Terms(Sector sector = Sector.Construction, string? wage = null, DateOnly? start = null)
    {
        var domestic = sector == Sector.DomesticWork;
        return new ContractsApi.Terms
        {
            SignedOn = Day(Today.AddDays(-3)),
            MonthlyBasicWage = Money("QAR", wage ?? (domestic ? "1000.00" : "1200.00")),
            HoursPerWeek = 48,
            RestDaysPerWeek = 1,
            DurationMonths = 24,
            StartDate = Day(start ?? Today.AddDays(30)),
            AnnualLeaveDays = 21,
            OvertimeRate = "1.25",
            AccommodationProvided = true,
            FoodProvided = domestic,
            TransportProvided = true,
            ReturnTicketPaidByEmployer = true,
            Employer = domestic
                ? new ContractsApi.Employer { Name = "Household of Mr. A. Al-Kuwari", Country = "QA", RegistrationId = "QID-28463400021" }
                : new ContractsApi.Employer { Name = "Al Noor Contracting W.L.L.", Country = "QA", RegistrationId = "CR-45821" },
            Job = domestic
                ? new ContractsApi.Job { Title = "Domestic worker", Sector = sector, Isco08Code = "9111", WorkLocation = "Doha, Al Waab" }
                : new ContractsApi.Job { Title = "Mason", Sector = sector, Isco08Code = "7112", WorkLocation = "Doha, Industrial Area" },
        };
    }

    public static ContractsApi.Fee ServiceFee(string amount = CappedServiceFee) => new()
    {
        Category = ContractsApi.FeeCategory.RecruitmentService, Amount = Money("NPR", amount), Payee = AgencyName,
    };

    public static ContractsApi.Worker Worker(ContractsApi.Sex sex = ContractsApi.Sex.F, DateOnly? born = null, string passport = "PA1234567") => new()
    {
        FullName = sex == ContractsApi.Sex.F ? "Sita Tamang" : "Ram Bahadur Thapa",
        Sex = sex,
        DateOfBirth = Day(born ?? new DateOnly(1998, 4, 12)),
        Nationality = "NP",
        PassportNumber = passport,
        PreferredLanguage = "ne",
    };

    /// <summary>A contract as the agency registers it: a service fee in NPR (at Nepal's cap unless given; none when null).</summary>
    public static ContractsApi.RegisterContractRequest Registration(
        Agency agency, ContractsApi.Sex sex = ContractsApi.Sex.F, Sector sector = Sector.Construction, string? serviceFee = CappedServiceFee,
        DateOnly? born = null, string? requestId = null)
    {
        var request = new ContractsApi.RegisterContractRequest
        {
            AgencyId = agency.Id,
            OriginCountry = "NP",
            DestinationCountry = "QA",
            Worker = Worker(sex, born),
            Terms = Terms(sector),
            RequestId = requestId ?? Guid.NewGuid().ToString(),
        };
        if (serviceFee is not null)
        {
            request.Fees.Add(ServiceFee(serviceFee));
        }

        return request;
    }

    public Task<ContractsApi.RegisterContractReply> RegisterAsync(
        Agency agency, ContractsApi.Sex sex = ContractsApi.Sex.F, Sector sector = Sector.Construction, string? serviceFee = CappedServiceFee) =>
        registry.Contracts.RegisterContractAsync(Registration(agency, sex, sector, serviceFee), registry.Agency(agency.Id)).ResponseAsync;

    // ---- FeeAudits ----

    /// <summary>FeeAudits' audit of a contract's terms version, once it exists (and satisfies <paramref name="until"/>).</summary>
    public Task<AuditsApi.Audit> AuditOfAsync(string contractId, int termsVersion = 1, string origin = "NP", Func<AuditsApi.Audit, bool>? until = null) =>
        Eventually.Until(
            async () =>
            {
                try
                {
                    return await registry.Audits.GetAuditAsync(
                        new AuditsApi.GetAuditRequest { ContractId = contractId, TermsVersion = termsVersion }, registry.Auditor(origin));
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    return null;
                }
            },
            a => a is not null && (until is null || until(a)),
            TimeSpan.FromSeconds(30),
            $"the audit of contract {contractId} terms version {termsVersion}")!;

    public async Task<IReadOnlyList<AuditsApi.Case>> CasesAsync(string origin = "NP", string destination = "QA") =>
        (await registry.Audits.ListCasesAsync(
            new AuditsApi.ListCasesRequest { OriginCountry = origin, DestinationCountry = destination }, registry.Auditor(origin))).Cases;

    /// <summary>The case FeeAudits opened for a contract, once it exists.</summary>
    public async Task<AuditsApi.Case> CaseOfAsync(string contractId, string origin = "NP", string destination = "QA")
    {
        var cases = await Eventually.Until(
            () => CasesAsync(origin, destination), c => c.Any(x => x.ContractId == contractId), TimeSpan.FromSeconds(30), $"a case for contract {contractId}");
        return cases.Single(x => x.ContractId == contractId);
    }

    /// <summary>The destination's auditor takes the case and confirms it, ordering the refund of the excess in 30 days.</summary>
    public async Task<AuditsApi.Case> ConfirmAsync(AuditsApi.Case opened, Money refund, string auditorCountry = "QA")
    {
        var auditor = registry.Auditor(auditorCountry);
        var assigned = await registry.Audits.AssignCaseAsync(Decision(opened), auditor);
        return await registry.Audits.ConfirmCaseAsync(new AuditsApi.ConfirmCaseRequest
        {
            Decision = Decision(assigned), RefundAmount = refund, RefundDueOn = Day(Today.AddDays(30)),
        }, auditor);
    }

    public static AuditsApi.CaseDecisionRequest Decision(AuditsApi.Case c, string reason = "Reviewed the receipts and the worker's statement") => new()
    {
        CaseId = c.Id, ExpectedVersion = c.Version, Reason = reason, LegalBasis = "Qatar Labour Law 14/2004, Art. 33",
    };
}
