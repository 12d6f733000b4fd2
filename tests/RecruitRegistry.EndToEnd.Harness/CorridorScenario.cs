using System.Globalization;
using Google.Rpc;
using Grpc.Core;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Testing;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.EndToEnd;

/// <summary>
/// The NP→QA corridor as the two ministries, an agency and the auditors build it, through the services' public APIs.
/// Rules and amounts from shared/reference/corridors.md (Nepal's NPR 10,000 service-fee cap, Qatar's Law 14/2004
/// Art. 33 prohibition of any fee, Qatar's minimum wage of QAR 1,000); names and numbers are test data.
/// </summary>
public sealed class CorridorScenario(RecruitSystem system)
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static Date Day(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    public static Money Money(string currency, string amount) => new() { CurrencyCode = currency, Amount = amount };

    /// <summary>Nepal proposes, Qatar approves: the corridor is open, with its minimum age and compliance threshold.</summary>
    public async Task<Corridor> OpenAsync(int threshold = 3)
    {
        var proposed = await system.Licensing.ProposeCorridorAsync(new ProposeCorridorRequest
        {
            OriginCountry = "NP", DestinationCountry = "QA", BilateralAgreementReference = "NP-QA General Agreement on Labour (2005)",
            DestinationAccreditationRequired = true, MinimumWorkerAge = 21, Sectors = { Sector.Construction, Sector.DomesticWork },
            SuspensionThreshold = threshold, SuspensionWindowMonths = 12,
        }, system.Authority("NP"));
        return await system.Licensing.ApproveCorridorAsync(new CorridorDecisionRequest
        {
            CorridorId = proposed.Id, ExpectedVersion = proposed.Version, Reason = "Both ministries signed the protocol",
            LegalBasis = "Qatar Labour Law 14/2004",
        }, system.Authority("QA"));
    }

    /// <summary>Nepal registers and licenses the agency; Qatar accredits it.</summary>
    public async Task<(Agency Agency, Licence Origin, Licence Accreditation)> LicensedAgencyAsync(string name = "Himalayan Overseas Pvt. Ltd.")
    {
        var agency = await system.Licensing.RegisterAgencyAsync(new RegisterAgencyRequest
        {
            LegalName = name, RegistrationNumber = "DoFE-" + Guid.NewGuid().ToString("N")[..8], Country = "NP",
            Address = "Kathmandu-10, New Baneshwor", Directors = { new Director { FullName = "Sita Sharma" } },
        }, system.Authority("NP"));
        var origin = await IssueAsync(agency, LicenceKind.OriginLicence, "NP");
        var accreditation = await IssueAsync(agency, LicenceKind.DestinationAccreditation, "QA");
        return (agency, origin, accreditation);
    }

    private Task<Licence> IssueAsync(Agency agency, LicenceKind kind, string country) =>
        system.Licensing.IssueLicenceAsync(new IssueLicenceRequest
        {
            AgencyId = agency.Id, Kind = kind, Number = $"{country}-{Guid.NewGuid().ToString("N")[..8]}",
            DestinationCountries = { kind == LicenceKind.OriginLicence ? ["QA"] : Array.Empty<string>() },
            Sectors = { Sector.Construction, Sector.DomesticWork }, ValidFrom = Day(Today.AddYears(-1)), ValidUntil = Day(Today.AddYears(3)),
            SecurityBond = Money(kind == LicenceKind.OriginLicence ? "NPR" : "QAR", kind == LicenceKind.OriginLicence ? "5000000.00" : "0"),
            Reason = "Application complete",
            LegalBasis = kind == LicenceKind.OriginLicence ? "Foreign Employment Act 2064, s.10-11" : "Qatar Labour Law 14/2004",
        }, system.Authority(country)).ResponseAsync;

    /// <summary>A contract as the agency registers it; a service fee in NPR when given, none otherwise.</summary>
    public static ContractsApi.RegisterContractRequest Registration(
        Agency agency, ContractsApi.Sex sex, Sector sector, string? serviceFee = null, DateOnly? born = null, string? requestId = null)
    {
        var domestic = sector == Sector.DomesticWork;
        var request = new ContractsApi.RegisterContractRequest
        {
            AgencyId = agency.Id,
            OriginCountry = "NP",
            DestinationCountry = "QA",
            RequestId = requestId ?? Guid.NewGuid().ToString(),
            Worker = new ContractsApi.Worker
            {
                FullName = sex == ContractsApi.Sex.F ? "Sita Tamang" : "Ram Bahadur Gurung", Sex = sex,
                DateOfBirth = Day(born ?? new DateOnly(1996, 4, 12)), Nationality = "NP",
                PassportNumber = "PA" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture), PreferredLanguage = "ne",
            },
            Terms = new ContractsApi.Terms
            {
                SignedOn = Day(Today.AddDays(-3)), MonthlyBasicWage = Money("QAR", domestic ? "1000.00" : "1200.00"), HoursPerWeek = 48,
                RestDaysPerWeek = 1, DurationMonths = 24, StartDate = Day(Today.AddDays(30)), AnnualLeaveDays = 21, OvertimeRate = "1.25",
                AccommodationProvided = true, FoodProvided = domestic, TransportProvided = true, ReturnTicketPaidByEmployer = true,
                Employer = domestic
                    ? new ContractsApi.Employer { Name = "Household of Mr. A. Al-Kuwari", Country = "QA", RegistrationId = "QID-28463400021" }
                    : new ContractsApi.Employer { Name = "Al Noor Contracting W.L.L.", Country = "QA", RegistrationId = "CR-45821" },
                Job = domestic
                    ? new ContractsApi.Job { Title = "Domestic worker", Sector = sector, Isco08Code = "9111", WorkLocation = "Doha, Al Waab" }
                    : new ContractsApi.Job { Title = "Mason", Sector = sector, Isco08Code = "7112", WorkLocation = "Doha, Industrial Area" },
            },
        };
        if (serviceFee is not null)
        {
            request.Fees.Add(new ContractsApi.Fee
            {
                Category = ContractsApi.FeeCategory.RecruitmentService, Amount = Money("NPR", serviceFee), Payee = agency.LegalName,
            });
        }

        return request;
    }

    public Task<ContractsApi.RegisterContractReply> RegisterAsync(Agency agency, ContractsApi.Sex sex, Sector sector, string? serviceFee = null) =>
        system.Contracts.RegisterContractAsync(Registration(agency, sex, sector, serviceFee), system.Agency(agency.Id)).ResponseAsync;

    /// <summary>FeeAudits' audit of a contract's first terms version, once it exists.</summary>
    public Task<AuditsApi.Audit> AuditOfAsync(string contractId) =>
        Eventually.Until(
            async () =>
            {
                try
                {
                    return await system.Audits.GetAuditAsync(new AuditsApi.GetAuditRequest { ContractId = contractId, TermsVersion = 1 }, system.Auditor("NP"));
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    return null;
                }
            },
            a => a is not null, TimeSpan.FromSeconds(30), $"the audit of contract {contractId}")!;

    public async Task<IReadOnlyList<AuditsApi.Case>> CasesAsync() =>
        (await system.Audits.ListCasesAsync(new AuditsApi.ListCasesRequest { OriginCountry = "NP", DestinationCountry = "QA" }, system.Auditor("QA"))).Cases;

    /// <summary>Qatar's auditor takes the case and confirms it, ordering the refund of the excess.</summary>
    public async Task<AuditsApi.Case> ConfirmAsync(AuditsApi.Case opened, Money refund)
    {
        var qatar = system.Auditor("QA");
        var assigned = await system.Audits.AssignCaseAsync(Decision(opened), qatar);
        return await system.Audits.ConfirmCaseAsync(new AuditsApi.ConfirmCaseRequest
        {
            Decision = Decision(assigned), RefundAmount = refund, RefundDueOn = Day(Today.AddDays(30)),
        }, qatar);
    }

    public static AuditsApi.CaseDecisionRequest Decision(AuditsApi.Case c, string reason = "Reviewed the receipts and the worker's statement") => new()
    {
        CaseId = c.Id, ExpectedVersion = c.Version, Reason = reason, LegalBasis = "Qatar Labour Law 14/2004, Art. 33",
    };

    public Task<Licence> LicenceAsync(Licence licence) =>
        system.Licensing.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, system.Authority("NP")).ResponseAsync;

    /// <summary>The refusal's licensing reasons, as CheckAuthorization words them.</summary>
    public static IReadOnlyList<string> Reasons(RpcException refusal) =>
        refusal.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations.Select(v => v.Description).ToList();
}
