using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Platform.Security;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using LicensingApi = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.Standalone;

/// <summary>
/// "--demo": once the host is up, makes what a newcomer needs to try every example of the README, through the public
/// gRPC API as the ministries and an agency would: the NP→QA corridor opened by both authorities, a licensed agency and
/// one registered contract, whose reference and verification code it prints. Safe to repeat on the same data directory:
/// what exists is found again, and the contract's request id (one per signing day) answers with the same contract and
/// code; a later day registers that day's demo contract.
/// </summary>
internal sealed class DemoSeed(IOptions<AuthOptions> auth)
{
    private const string AgencyNumber = "DoFE-DEMO-0001";

    public async Task<ContractsApi.RegisterContractReply> RunAsync(Uri grpc, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(grpc);
        var licensing = new LicensingApi.Licensing.LicensingClient(channel);
        var contracts = new ContractsApi.WorkerContracts.WorkerContractsClient(channel);
        var nepal = As(Roles.Authority, "NP");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var corridors = await licensing.ListCorridorsAsync(new ListCorridorsRequest(), nepal, cancellationToken: ct);
        if (!corridors.Corridors.Any(c => c.DestinationCountry == "QA" && c.State == CorridorState.Open))
        {
            var proposed = await licensing.ProposeCorridorAsync(new ProposeCorridorRequest
            {
                OriginCountry = "NP", DestinationCountry = "QA", BilateralAgreementReference = "NP-QA General Agreement on Labour (2005)",
                MinimumWorkerAge = 21, Sectors = { Sector.Construction, Sector.DomesticWork },
            }, nepal, cancellationToken: ct);
            await licensing.ApproveCorridorAsync(new CorridorDecisionRequest
            {
                CorridorId = proposed.Id, ExpectedVersion = proposed.Version, Reason = "Both ministries signed the protocol (demo)",
                LegalBasis = "NP-QA General Agreement on Labour (2005)",
            }, As(Roles.Authority, "QA"), cancellationToken: ct);
        }

        var found = await licensing.SearchRegistryAsync(new SearchRegistryRequest { Country = "NP", Name = "Demo Overseas" }, cancellationToken: ct);
        var entry = found.Entries.FirstOrDefault(e => e.Agency.RegistrationNumber == AgencyNumber);
        var agency = entry?.Agency ?? await licensing.RegisterAgencyAsync(new RegisterAgencyRequest
        {
            LegalName = "Demo Overseas Pvt. Ltd.", RegistrationNumber = AgencyNumber, Country = "NP",
            Address = "Kathmandu-10, New Baneshwor", Directors = { new Director { FullName = "Sita Sharma" } },
        }, nepal, cancellationToken: ct);
        if (entry is null || entry.Licences.Count == 0)
        {
            await licensing.IssueLicenceAsync(new IssueLicenceRequest
            {
                AgencyId = agency.Id, Kind = LicenceKind.OriginLicence, Number = "DEMO-1001", DestinationCountries = { "QA" },
                Sectors = { Sector.Construction, Sector.DomesticWork }, ValidFrom = Day(today.AddYears(-1)), ValidUntil = Day(today.AddYears(3)),
                SecurityBond = new Money { CurrencyCode = "NPR", Amount = "5000000.00" }, Reason = "Application complete (demo)",
                LegalBasis = "Foreign Employment Act 2064, s.10-11",
            }, nepal, cancellationToken: ct);
        }

        // WorkerContracts learns of the corridor and licence from events: retry until it has.
        var registration = Registration(agency.Id, today);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await contracts.RegisterContractAsync(registration, As(Roles.Agency, agencyId: Guid.Parse(agency.Id)), cancellationToken: ct);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition && attempt < 100)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    private static ContractsApi.RegisterContractRequest Registration(string agencyId, DateOnly today) => new()
    {
        AgencyId = agencyId, OriginCountry = "NP", DestinationCountry = "QA", RequestId = $"demo-{today:yyyy-MM-dd}",
        Worker = new ContractsApi.Worker
        {
            FullName = "Sita Tamang", Sex = ContractsApi.Sex.F, DateOfBirth = Day(new DateOnly(1996, 4, 12)), Nationality = "NP",
            PassportNumber = "PA1234567", PreferredLanguage = "ne",
        },
        Terms = new ContractsApi.Terms
        {
            SignedOn = Day(today), MonthlyBasicWage = new Money { CurrencyCode = "QAR", Amount = "1200.00" }, HoursPerWeek = 48,
            RestDaysPerWeek = 1, DurationMonths = 24, StartDate = Day(today.AddDays(30)), AnnualLeaveDays = 21, OvertimeRate = "1.25",
            AccommodationProvided = true, TransportProvided = true, ReturnTicketPaidByEmployer = true,
            Employer = new ContractsApi.Employer { Name = "Al Noor Contracting W.L.L.", Country = "QA", RegistrationId = "CR-45821" },
            Job = new ContractsApi.Job { Title = "Mason", Sector = Sector.Construction, Isco08Code = "7112", WorkLocation = "Doha, Industrial Area" },
        },
        Fees = { new ContractsApi.Fee { Category = ContractsApi.FeeCategory.RecruitmentService, Amount = new Money { CurrencyCode = "NPR", Amount = "10000.00" }, Payee = "Demo Overseas Pvt. Ltd." } },
    };

    private Metadata As(string role, string? country = null, Guid? agencyId = null) =>
        new() { { "authorization", "Bearer " + TokenFactory.Create(auth.Value, role, country, agencyId, subject: $"demo:{role}:{country ?? "agency"}") } };

    private static Date Day(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };
}
