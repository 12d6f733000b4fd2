using System.Globalization;
using RecruitRegistry.ConsistencyCheck;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Testing;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>
/// The situations FeeAudits tests start from. Contracts arrive either registered through WorkerContracts (end to end) or
/// as the ContractChanged events WorkerContracts publishes, put on the real bus (the service boundary), which lets one
/// test cover every default corridor. Rules and amounts from shared/reference/corridors.md; names are test data.
/// </summary>
public sealed class Scenario(FeeAuditsApp app)
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static Date Day(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    public static EventMoney Money(string text)
    {
        var parts = text.Split(' ');
        return new EventMoney(parts[0], decimal.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>A contract as WorkerContracts publishes it: fees as "CATEGORY CUR amount".</summary>
    public static ContractChanged Contract(
        string corridor, string sector, string signedOn, string wage, string[] fees, string sex = "F", Guid? agencyId = null, Guid? contractId = null,
        long version = 1, int termsVersion = 1, DateTimeOffset? registeredAt = null)
    {
        var id = contractId ?? Guid.NewGuid();
        return new ContractChanged
        {
            ContractId = id,
            Version = version,
            Change = version == 1 ? ContractChange.Registered : ContractChange.Amended,
            OccurredAt = DateTimeOffset.UtcNow,
            Contract = new ContractSnapshot
            {
                ContractId = id,
                Reference = $"{corridor}-26-{id.ToString("N")[..6].ToUpperInvariant()}",
                AgencyId = agencyId ?? Guid.NewGuid(),
                OriginCountry = corridor[..2],
                DestinationCountry = corridor[3..],
                Sector = sector,
                WorkerSex = sex,
                Status = "REGISTERED",
                SignedOn = DateOnly.Parse(signedOn, CultureInfo.InvariantCulture),
                StartDate = DateOnly.Parse(signedOn, CultureInfo.InvariantCulture).AddDays(30),
                MonthlyBasicWage = Money(wage),
                DurationMonths = 24,
                Fees = fees.Select(f => f.Split(' ')).Select(p => new ContractFee(p[0], Money($"{p[1]} {p[2]}"), "Agency (test data)")).ToList(),
                TermsFingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("|", fees) + wage + signedOn + termsVersion))),
                TermsVersion = termsVersion,
                RegisteredAt = registeredAt ?? DateTimeOffset.UtcNow,
            },
        };
    }

    /// <summary>Publishes the contract and waits until FeeAudits has audited its terms version.</summary>
    public async Task<Audit> AuditedAsync(ContractChanged contract)
    {
        await app.Bus.Publish(contract);
        return await AuditOfAsync(contract.ContractId, contract.Contract.TermsVersion, contract.Contract.OriginCountry);
    }

    public Task<Audit> AuditOfAsync(Guid contractId, int termsVersion, string origin, Func<Audit, bool>? until = null) =>
        Eventually.Until(
            async () =>
            {
                try
                {
                    return await app.Audits.GetAuditAsync(new GetAuditRequest { ContractId = contractId.ToString(), TermsVersion = termsVersion }, FeeAuditsApp.Auditor(origin));
                }
                catch (global::Grpc.Core.RpcException e) when (e.StatusCode == global::Grpc.Core.StatusCode.NotFound)
                {
                    return null;
                }
            },
            a => a is not null && (until is null || until(a)),
            TimeSpan.FromSeconds(30),
            $"the audit of contract {contractId} terms version {termsVersion}")!;

    /// <summary>The case FeeAudits opened for a contract, once it exists.</summary>
    public async Task<Case> CaseOfAsync(Guid contractId, string origin = "NP", string destination = "QA")
    {
        var cases = await Eventually.Until(
            async () => (await app.Audits.ListCasesAsync(new ListCasesRequest { OriginCountry = origin, DestinationCountry = destination }, FeeAuditsApp.Auditor(origin))).Cases,
            c => c.Any(x => x.ContractId == contractId.ToString()),
            TimeSpan.FromSeconds(30),
            $"a case for contract {contractId}");
        return cases.Single(x => x.ContractId == contractId.ToString());
    }

    public Task<SetExchangeRateReply> RateAsync(string baseCurrency, string quoteCurrency, string rate, DateOnly onDate, string auditorCountry) =>
        app.Audits.SetExchangeRateAsync(new SetExchangeRateRequest
        {
            Rate = new ExchangeRate { BaseCurrency = baseCurrency, QuoteCurrency = quoteCurrency, Rate = rate, OnDate = Day(onDate), Source = "test data" },
        }, FeeAuditsApp.Auditor(auditorCountry)).ResponseAsync;

    public static CaseDecisionRequest Decision(Case c, string reason = "Reviewed the receipts and the worker's statement") => new()
    {
        CaseId = c.Id, ExpectedVersion = c.Version, Reason = reason, LegalBasis = "Qatar Labour Law 14/2004, Art. 33",
    };

    // ---- end to end: through Licensing and WorkerContracts ----

    /// <summary>An open NP→QA corridor, an agency licensed by Nepal and accredited by Qatar, every replica caught up.</summary>
    public async Task<Agency> LicensedAgencyAsync(int threshold = 3)
    {
        var proposed = await app.Licensing.ProposeCorridorAsync(new ProposeCorridorRequest
        {
            OriginCountry = "NP", DestinationCountry = "QA", BilateralAgreementReference = "NP-QA labour agreement (test data)",
            DestinationAccreditationRequired = true, MinimumWorkerAge = 21, Sectors = { Sector.Construction, Sector.DomesticWork },
            SuspensionThreshold = threshold, SuspensionWindowMonths = 12,
        }, FeeAuditsApp.Authority("NP"));
        await app.Licensing.ApproveCorridorAsync(new CorridorDecisionRequest
        {
            CorridorId = proposed.Id, ExpectedVersion = proposed.Version, Reason = "Both ministries signed", LegalBasis = "Qatar Labour Law 14/2004",
        }, FeeAuditsApp.Authority("QA"));
        var agency = await app.Licensing.RegisterAgencyAsync(new RegisterAgencyRequest
        {
            LegalName = "Himalayan Overseas Pvt. Ltd.", RegistrationNumber = "DoFE-" + Guid.NewGuid().ToString("N")[..8], Country = "NP",
            Address = "Kathmandu-10, New Baneshwor", Directors = { new Director { FullName = "Sita Sharma" } },
        }, FeeAuditsApp.Authority("NP"));
        foreach (var (kind, country, bond) in new[] { (LicenceKind.OriginLicence, "NP", "NPR"), (LicenceKind.DestinationAccreditation, "QA", "QAR") })
        {
            await app.Licensing.IssueLicenceAsync(new IssueLicenceRequest
            {
                AgencyId = agency.Id, Kind = kind, Number = $"{country}-{Guid.NewGuid().ToString("N")[..8]}",
                DestinationCountries = { kind == LicenceKind.OriginLicence ? ["QA"] : Array.Empty<string>() },
                Sectors = { Sector.Construction, Sector.DomesticWork }, ValidFrom = Day(Today.AddYears(-1)), ValidUntil = Day(Today.AddYears(3)),
                SecurityBond = new Money { CurrencyCode = bond, Amount = kind == LicenceKind.OriginLicence ? "5000000.00" : "0" },
                Reason = "Application complete", LegalBasis = kind == LicenceKind.OriginLicence ? "Foreign Employment Act 2064, s.10-11" : "Qatar Labour Law 14/2004",
            }, FeeAuditsApp.Authority(country));
        }

        // WorkerContracts authorizes against its replica: the corridor, the agency and both licences must be there
        // (the events may be applied in any order), so wait until every replica's digests equal their owner's.
        var checker = new CorridorChecker(app.Licensing, app.Contracts, app.Audits, FeeAuditsApp.Authority("NP"));
        await Eventually.Until(
            () => checker.CompareAsync("NP", "QA"), c => c.All(k => k.Agrees),
            TimeSpan.FromSeconds(30), "the replicas of the corridor, the agency and the licences");
        return agency;
    }

    /// <summary>Registers a contract through WorkerContracts: construction, QAR 1,200 a month, the given NPR service fee.</summary>
    public Task<ContractsApi.RegisterContractReply> RegisterAsync(Agency agency, string serviceFee, ContractsApi.Sex sex = ContractsApi.Sex.F) =>
        app.Contracts.RegisterContractAsync(new ContractsApi.RegisterContractRequest
        {
            AgencyId = agency.Id,
            OriginCountry = "NP",
            DestinationCountry = "QA",
            RequestId = Guid.NewGuid().ToString(),
            Worker = new ContractsApi.Worker
            {
                FullName = "Sita Tamang", Sex = sex, DateOfBirth = Day(new DateOnly(1998, 4, 12)), Nationality = "NP",
                PassportNumber = "PA" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture), PreferredLanguage = "ne",
            },
            Terms = new ContractsApi.Terms
            {
                SignedOn = Day(Today.AddDays(-3)), MonthlyBasicWage = new Money { CurrencyCode = "QAR", Amount = "1200.00" }, HoursPerWeek = 48,
                RestDaysPerWeek = 1, DurationMonths = 24, StartDate = Day(Today.AddDays(30)), AnnualLeaveDays = 21, OvertimeRate = "1.25",
                AccommodationProvided = true, TransportProvided = true, ReturnTicketPaidByEmployer = true,
                Employer = new ContractsApi.Employer { Name = "Al Noor Contracting W.L.L.", Country = "QA", RegistrationId = "CR-45821" },
                Job = new ContractsApi.Job { Title = "Mason", Sector = Sector.Construction, Isco08Code = "7112", WorkLocation = "Doha, Industrial Area" },
            },
            Fees =
            {
                new ContractsApi.Fee
                {
                    Category = ContractsApi.FeeCategory.RecruitmentService, Amount = new Money { CurrencyCode = "NPR", Amount = serviceFee },
                    Payee = "Himalayan Overseas Pvt. Ltd.",
                },
            },
        }, FeeAuditsApp.Agency(agency.Id)).ResponseAsync;
}
