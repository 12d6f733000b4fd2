using Grpc.Core;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Testing;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>After registration: substitution reports, endorsement, amendment with consent, termination, search.</summary>
public sealed class LifecycleTests(Servers servers) : ContractsTest(servers)
{
    [Fact]
    public async Task Compare_terms_lists_every_difference_and_reports_the_substitution_once()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        var offered = CorridorScenario.Terms(wage: "900.00");
        offered.HoursPerWeek = 60;
        offered.AccommodationProvided = false;
        offered.Employer.Name = "Gulf Star Manpower Services";
        var request = new CompareTermsRequest
        {
            Reference = registered.Reference,
            VerificationCode = registered.VerificationCode,
            OfferedTerms = offered,
            OfferedFees = { CorridorScenario.ServiceFee("25000.00") },
        };

        var reply = await App.Contracts.CompareTermsAsync(request);
        Assert.True(reply.Substituted);
        var differences = reply.Differences.ToDictionary(d => d.Field, d => (d.Registered, d.Offered));
        Assert.Equal(("QAR 1200.00", "QAR 900.00"), differences["terms.monthly_basic_wage"]);
        Assert.Equal(("48", "60"), differences["terms.hours_per_week"]);
        Assert.Equal(("yes", "no"), differences["terms.accommodation_provided"]);
        Assert.Equal(("Al Noor Contracting W.L.L.", "Gulf Star Manpower Services"), differences["terms.employer.name"]);
        Assert.Equal(("NPR 10000.00", "NPR 25000.00"), differences["fees[RECRUITMENT_SERVICE]"]);
        Assert.Equal(5, differences.Count);

        var events = await App.Events.WaitAsync<SubstitutionReported>(e => e.Count == 1, "SubstitutionReported");
        Assert.Equal(reply.SubstitutionReportId, events[0].ReportId.ToString());
        Assert.Equal(Guid.Parse(agency.Id), events[0].AgencyId);
        Assert.Contains(events[0].Differences, d => d.Field == "terms.monthly_basic_wage" && d.Offered == "QAR 900.00");

        // The same paper shown again: the same report, no second event.
        var again = await App.Contracts.CompareTermsAsync(request);
        Assert.Equal(reply.SubstitutionReportId, again.SubstitutionReportId);
        await Task.Delay(500);
        Assert.Single(App.Events.All<SubstitutionReported>());

        // The registered terms themselves (wording spaced differently): no substitution, no report.
        var same = CorridorScenario.Terms();
        same.Employer.Name = "  Al Noor  Contracting W.L.L. ";
        var unchanged = await App.Contracts.CompareTermsAsync(new CompareTermsRequest
        {
            Reference = registered.Reference, VerificationCode = registered.VerificationCode, OfferedTerms = same,
        });
        Assert.False(unchanged.Substituted);
        Assert.Empty(unchanged.Differences);
        Assert.Equal(1, await App.CountAsync("SELECT COUNT(*) FROM substitution_reports"));
    }

    [Fact]
    public async Task Endorsement_amendment_and_termination_keep_every_version_and_the_worker_can_still_verify()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency, sector: Sector.DomesticWork);
        var id = registered.ContractId;

        // Only the destination endorses.
        var denied = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.EndorseContractAsync(new EndorseContractRequest
        {
            ContractId = id, ExpectedVersion = 1, Endorse = true, Reason = "r", LegalBasis = "l",
        }, ContractsApp.Authority("NP")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var endorsed = await App.Contracts.EndorseContractAsync(new EndorseContractRequest
        {
            ContractId = id, ExpectedVersion = 1, Endorse = true, Reason = "Terms meet the standard domestic worker contract", LegalBasis = "Law No. 15 of 2017 (domestic workers)",
        }, ContractsApp.Authority("QA"));
        Assert.Equal(ContractStatus.Endorsed, endorsed.Status);
        Assert.Equal("QA", endorsed.Endorsement.Decision.AuthorityCountry);

        // An amendment needs the worker's recorded consent.
        var raise = CorridorScenario.Terms(Sector.DomesticWork, wage: "1400.00");
        var noConsent = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.AmendContractAsync(new AmendContractRequest
        {
            ContractId = id, ExpectedVersion = 2, Terms = raise, Fees = { CorridorScenario.ServiceFee() }, Reason = "Wage raised",
        }, ContractsApp.Agency(agency.Id)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noConsent.StatusCode);
        Assert.Contains("worker_consent_recorded", noConsent.Status.Detail, StringComparison.Ordinal);

        var amended = await App.Contracts.AmendContractAsync(new AmendContractRequest
        {
            ContractId = id, ExpectedVersion = 2, Terms = raise, Fees = { CorridorScenario.ServiceFee() }, Reason = "Wage raised", WorkerConsentRecorded = true,
        }, ContractsApp.Agency(agency.Id));
        Assert.Equal(2, amended.TermsVersion);
        Assert.Equal(3, amended.Version);
        Assert.Equal(EndorsementState.Pending, amended.Endorsement.State); // new terms, new endorsement
        Assert.NotEqual(registered.TermsFingerprint, amended.TermsFingerprint);

        var versions = await App.Contracts.ListContractVersionsAsync(new GetContractRequest { ContractId = id }, ContractsApp.Auditor("QA"));
        Assert.Equal([1, 2], versions.Versions.Select(v => v.TermsVersion));
        Assert.Equal(["1000.00", "1400.00"], versions.Versions.Select(v => v.Terms.MonthlyBasicWage.Amount));
        Assert.Equal(registered.TermsFingerprint, versions.Versions[0].TermsFingerprint);
        Assert.Equal("Wage raised", versions.Versions[1].Reason);

        // Repatriated early; the worker, back home, still verifies.
        var ended = await App.Contracts.TerminateContractAsync(new TerminateContractRequest
        {
            ContractId = id, ExpectedVersion = 3, Termination = ContractStatus.Repatriated, EndedOn = CorridorScenario.Day(CorridorScenario.Today),
            Reason = "Worker repatriated after a complaint", LegalBasis = "Foreign Employment Act 2064, s.75",
        }, ContractsApp.Authority("NP"));
        Assert.Equal(ContractStatus.Repatriated, ended.Status);
        var twice = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.TerminateContractAsync(new TerminateContractRequest
        {
            ContractId = id, ExpectedVersion = 4, Termination = ContractStatus.Completed, EndedOn = CorridorScenario.Day(CorridorScenario.Today), Reason = "r", LegalBasis = "l",
        }, ContractsApp.Authority("NP")).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);

        var verified = await App.Contracts.VerifyContractAsync(new VerifyContractRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode });
        Assert.Equal(ContractStatus.Repatriated, verified.Contract.Status);
        Assert.Equal("1400.00", verified.Contract.Terms.MonthlyBasicWage.Amount);
        Assert.Equal(CorridorScenario.Day(CorridorScenario.Today), verified.Contract.Termination.EndedOn);

        var events = await App.Events.WaitAsync<ContractChanged>(e => e.Count == 4, "four ContractChanged");
        Assert.Equal([ContractChange.Registered, ContractChange.Endorsed, ContractChange.Amended, ContractChange.Terminated], events.OrderBy(e => e.Version).Select(e => e.Change));
        Assert.Equal(2, events.Single(e => e.Change == ContractChange.Amended).Contract.TermsVersion);
    }

    [Fact]
    public async Task Authorities_search_their_corridors_and_an_agency_sees_its_own()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var other = await Given.RegisterAgencyAsync(name: "Everest Manpower Pvt. Ltd.");
        await Given.IssueOriginLicenceAsync(other);
        await Given.AccreditAsync(other);
        await App.WaitForReplicaAsync();
        for (var i = 0; i < 3; i++)
        {
            await Given.RegisterAsync(agency, Sex.F, Sector.DomesticWork);
        }

        await Given.RegisterAsync(agency, Sex.M, Sector.Construction);
        await Given.RegisterAsync(other, Sex.M, Sector.Construction);

        var women = await App.Contracts.SearchContractsAsync(new SearchContractsRequest
        {
            OriginCountry = "NP", DestinationCountry = "QA", Sex = Sex.F, Sector = Sector.DomesticWork,
        }, ContractsApp.Authority("QA"));
        Assert.Equal(3, women.Contracts.Count);

        // Pages of two, newest first, no contract twice.
        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await App.Contracts.SearchContractsAsync(new SearchContractsRequest
            {
                OriginCountry = "NP", DestinationCountry = "QA", Page = new PageRequest { PageSize = 2, PageToken = token },
            }, ContractsApp.Auditor("NP"));
            seen.AddRange(page.Contracts.Select(c => c.ContractId));
            token = page.Page.NextPageToken;
        }
        while (token.Length > 0);
        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(seen.OrderByDescending(s => Guid.Parse(s)), seen.Select(Guid.Parse).Select(g => g.ToString()));

        var own = await App.Contracts.SearchContractsAsync(new SearchContractsRequest(), ContractsApp.Agency(other.Id));
        Assert.Single(own.Contracts);
        var byPassport = await App.Contracts.SearchContractsAsync(new SearchContractsRequest
        {
            OriginCountry = "NP", DestinationCountry = "QA", PassportNumber = "pa 123-4567",
        }, ContractsApp.Authority("NP"));
        Assert.Equal(5, byPassport.Contracts.Count); // the scenario's workers share one test passport number
        var reference = byPassport.Contracts[2].Reference;
        var byReference = await App.Contracts.SearchContractsAsync(new SearchContractsRequest
        {
            OriginCountry = "NP", DestinationCountry = "QA", Reference = reference.ToLowerInvariant(),
        }, ContractsApp.Auditor("QA"));
        Assert.Equal([reference], byReference.Contracts.Select(c => c.Reference));

        var stranger = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.SearchContractsAsync(new SearchContractsRequest
        {
            OriginCountry = "NP", DestinationCountry = "QA",
        }, ContractsApp.Authority("PH")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, stranger.StatusCode);
        var nosy = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.SearchContractsAsync(new SearchContractsRequest { AgencyId = agency.Id }, ContractsApp.Agency(other.Id)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, nosy.StatusCode);
    }

    [Fact]
    public async Task The_digest_of_the_replica_equals_licensings_and_republishing_resends_every_contract()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        await Given.RegisterAsync(agency);
        await Given.RegisterAsync(agency, Sex.M);
        var request = new GetCorridorDigestRequest { OriginCountry = "NP", DestinationCountry = "QA" };
        var source = await App.Licensing.GetCorridorDigestAsync(request, ContractsApp.Authority("QA"));
        var replica = await App.Contracts.GetCorridorDigestAsync(request, ContractsApp.Auditor("QA"));
        Assert.Equal(source.Kinds, replica.Kinds.Where(k => k.Kind != "contract"));
        Assert.Equal(2, replica.Kinds.Single(k => k.Kind == "contract").ItemCount);

        await App.Events.WaitAsync<ContractChanged>(e => e.Count == 2, "two registrations");
        var republished = await App.Contracts.RepublishCorridorAsync(new RepublishCorridorRequest { OriginCountry = "NP", DestinationCountry = "QA" }, ContractsApp.Authority("NP"));
        Assert.Equal(2, republished.EventsQueued);
        await App.Events.WaitAsync<ContractChanged>(e => e.Count(c => c.Change == ContractChange.Republished) == 2, "two republished");
    }
}
