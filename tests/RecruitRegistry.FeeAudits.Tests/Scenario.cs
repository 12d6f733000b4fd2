using System.Globalization;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Testing;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>
/// The situations FeeAudits tests start from: those of every service (<see cref="CorridorScenario"/>), and contracts
/// arriving as the ContractChanged events WorkerContracts publishes, put on the real bus (the service boundary), which
/// lets one test cover every default corridor. Rules and amounts from shared/reference/corridors.md.
/// </summary>
public sealed class Scenario : CorridorScenario
{
    private readonly FeeAuditsApp app;

    public Scenario(FeeAuditsApp app)
        : base(app) => this.app = app;

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
        AuditOfAsync(contractId.ToString(), termsVersion, origin, until);

    public Task<Case> CaseOfAsync(Guid contractId, string origin = "NP", string destination = "QA") =>
        CaseOfAsync(contractId.ToString(), origin, destination);

    public Task<SetExchangeRateReply> RateAsync(string baseCurrency, string quoteCurrency, string rate, DateOnly onDate, string auditorCountry) =>
        app.Audits.SetExchangeRateAsync(new SetExchangeRateRequest
        {
            Rate = new ExchangeRate { BaseCurrency = baseCurrency, QuoteCurrency = quoteCurrency, Rate = rate, OnDate = Day(onDate), Source = "test data" },
        }, FeeAuditsApp.Auditor(auditorCountry)).ResponseAsync;
}
