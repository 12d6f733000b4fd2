using Google.Rpc;
using Grpc.Core;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Testing;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>
/// Pre-departure orientation on the real servers: recorded by the origin authority or a provider it accredits, linked to
/// the worker's contracts in the corridor, required before registration or endorsement where the corridor says so
/// (the refusal citing its rule); and the self-declared disability that corridor reports count, only with consent.
/// </summary>
public sealed class OrientationTests(Servers servers) : ContractsTest(servers)
{
    private const string Basis = "Foreign Employment Act 2064, s. 27 (test data)";
    private static readonly CallOptions Provider = ContractsApp.As(Roles.OrientationProvider, "NP");

    [Fact]
    public async Task A_corridor_requiring_orientation_before_registration_refuses_a_worker_without_one_citing_its_rule()
    {
        var agency = await CorridorRequiringAsync(OrientationRequirement.BeforeRegistration);

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            App.Contracts.RegisterContractAsync(CorridorScenario.Registration(agency), ContractsApp.Agency(agency.Id)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains($"requires the worker's pre-departure orientation to be recorded before registration ({Basis})", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await App.CountAsync("SELECT COUNT(*) FROM contracts"));

        // A provider Nepal accredits records it; the same certificate again names the same orientation.
        var request = Orientation();
        var recorded = await App.Contracts.RecordOrientationAsync(request, Provider);
        Assert.Equal((Roles.OrientationProvider, "NP", "QA", 16), (recorded.RecordedByRole, recorded.OriginCountry, recorded.DestinationCountry, recorded.Hours));
        Assert.Equal(recorded.OrientationId, (await App.Contracts.RecordOrientationAsync(request, ContractsApp.Authority("NP"))).OrientationId);
        var changed = request.Clone();
        changed.Hours = 8;
        var conflict = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.RecordOrientationAsync(changed, Provider).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);

        var registered = await App.Contracts.RegisterContractAsync(CorridorScenario.Registration(agency), ContractsApp.Agency(agency.Id));
        var contract = await App.Contracts.GetContractAsync(new GetContractRequest { ContractId = registered.ContractId }, ContractsApp.Authority("QA"));
        Assert.Equal((recorded.OrientationId, "NP-PDO-2026-004211"), (contract.Orientation.OrientationId, contract.Orientation.CertificateNumber));
        var published = await App.Events.WaitAsync<ContractChanged>(e => e.Any(c => c.ContractId == Guid.Parse(registered.ContractId)), "the registration published");
        Assert.Equal(CorridorScenario.Today.AddDays(-10), published.Single().Contract.OrientedOn);
    }

    [Fact]
    public async Task An_orientation_recorded_after_registration_is_linked_to_the_open_contract_and_lets_it_be_endorsed()
    {
        var agency = await CorridorRequiringAsync(OrientationRequirement.BeforeEndorsement);
        var registered = await App.Contracts.RegisterContractAsync(CorridorScenario.Registration(agency), ContractsApp.Agency(agency.Id));
        var endorse = new EndorseContractRequest
        {
            ContractId = registered.ContractId, ExpectedVersion = 1, Endorse = true, Reason = "Terms match the job order", LegalBasis = "Qatar Labour Law 14/2004",
        };

        var refused = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.EndorseContractAsync(endorse, ContractsApp.Authority("QA")).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains($"before endorsement ({Basis})", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("ORIENTATION_NOT_RECORDED", refused.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata["current_state"]);

        await App.Contracts.RecordOrientationAsync(Orientation(), ContractsApp.Authority("NP"));
        var linked = await App.Contracts.GetContractAsync(new GetContractRequest { ContractId = registered.ContractId }, ContractsApp.Authority("QA"));
        Assert.Equal((2L, "NP-PDO-2026-004211"), (linked.Version, linked.Orientation.CertificateNumber));
        var events = await App.Events.WaitAsync<ContractChanged>(e => e.Any(c => c.Change == ContractChange.OrientationRecorded), "the link published");
        Assert.Equal((2L, CorridorScenario.Today.AddDays(-10)), (events.Single(c => c.Change == ContractChange.OrientationRecorded).Version,
            events.Single(c => c.Change == ContractChange.OrientationRecorded).Contract.OrientedOn));
        var verified = await App.Contracts.VerifyContractAsync(new VerifyContractRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode });
        Assert.Equal("NP-PDO-2026-004211", verified.Contract.Orientation.CertificateNumber);

        endorse.ExpectedVersion = 2;
        Assert.Equal(ContractStatus.Endorsed, (await App.Contracts.EndorseContractAsync(endorse, ContractsApp.Authority("QA"))).Status);
    }

    [Fact]
    public async Task Only_the_origin_authority_and_the_providers_it_accredits_record_orientations()
    {
        var agency = await CorridorRequiringAsync(OrientationRequirement.None);
        foreach (var caller in new[]
                 {
                     ContractsApp.Authority("QA"), ContractsApp.As(Roles.OrientationProvider, "QA"), ContractsApp.Auditor("NP"), ContractsApp.Agency(agency.Id),
                 })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.RecordOrientationAsync(Orientation(), caller).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        }

        // A provider's token reaches nothing else.
        var registered = await Given.RegisterAsync(agency);
        var hidden = await Assert.ThrowsAsync<RpcException>(() =>
            App.Contracts.GetContractAsync(new GetContractRequest { ContractId = registered.ContractId }, Provider).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(0, await App.CountAsync("SELECT COUNT(*) FROM orientations"));
    }

    public static TheoryData<string, Action<RecordOrientationRequest>> BadOrientations => new()
    {
        { "origin_country", r => r.OriginCountry = "Nepal" },
        { "destination_country", r => r.DestinationCountry = "NP" },
        { "passport_number", r => r.PassportNumber = "12" },
        { "completed_on", r => r.CompletedOn = CorridorScenario.Day(CorridorScenario.Today.AddDays(1)) },
        { "completed_on", r => r.CompletedOn = null },
        { "provider", r => r.Provider = "" },
        { "language", r => r.Language = "Nepali!" },
        { "hours", r => r.Hours = 0 },
        { "hours", r => r.Hours = 201 },
        { "certificate_number", r => r.CertificateNumber = new string('9', 65) },
    };

    [Theory]
    [MemberData(nameof(BadOrientations))]
    public async Task A_bad_orientation_names_the_field_and_writes_nothing(string field, Action<RecordOrientationRequest> spoil)
    {
        var request = Orientation();
        spoil(request);

        var e = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.RecordOrientationAsync(request, ContractsApp.Authority("NP")).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal([field], e.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));
        Assert.Equal(0, await App.CountAsync("SELECT COUNT(*) FROM orientations"));
    }

    [Fact]
    public async Task A_self_declared_disability_is_recorded_only_with_the_workers_consent_and_reaches_reports_as_a_count()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var request = CorridorScenario.Registration(agency, sector: Sector.DomesticWork, born: new DateOnly(1990, 6, 1));
        request.Worker.Disability = Disability.Declared;

        var refused = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.RegisterContractAsync(request, ContractsApp.Agency(agency.Id)).ResponseAsync);
        Assert.Equal(["worker.disability_consent"], refused.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));

        request.Worker.DisabilityConsent = true;
        var registered = await App.Contracts.RegisterContractAsync(request, ContractsApp.Agency(agency.Id));
        var contract = await App.Contracts.GetContractAsync(new GetContractRequest { ContractId = registered.ContractId }, ContractsApp.Authority("NP"));
        Assert.Equal((Disability.Declared, true), (contract.Worker.Disability, contract.Worker.DisabilityConsent));

        // FeeAudits gets the age at signing, the occupation and the disability; never the date of birth.
        var published = (await App.Events.WaitAsync<ContractChanged>(e => e.Count >= 1, "the registration published")).Single().Contract;
        var signed = CorridorScenario.Today.AddDays(-3);
        var age = signed.Year - 1990 - (new DateOnly(signed.Year, 6, 1) > signed ? 1 : 0);
        Assert.Equal((age, "9111", "DECLARED", (DateOnly?)null), (published.WorkerAgeAtSigning, published.Isco08Code, published.WorkerDisability, published.OrientedOn));
        Assert.DoesNotContain("1990-06-01", System.Text.Json.JsonSerializer.Serialize(published), StringComparison.Ordinal);
    }

    private static RecordOrientationRequest Orientation() => new()
    {
        OriginCountry = "NP", DestinationCountry = "QA", PassportNumber = "PA1234567", CompletedOn = CorridorScenario.Day(CorridorScenario.Today.AddDays(-10)),
        Provider = "Kathmandu Orientation Centre", Language = "ne", Hours = 16, CertificateNumber = "NP-PDO-2026-004211",
    };

    /// <summary>An open NP→QA corridor with the orientation rule given, and a licensed agency, in this service's replica.</summary>
    private async Task<Contracts.Licensing.V1.Agency> CorridorRequiringAsync(OrientationRequirement requirement)
    {
        var proposal = CorridorScenario.Proposal(minimumAge: 21);
        proposal.OrientationRequired = requirement;
        proposal.OrientationLegalBasis = requirement == OrientationRequirement.None ? "" : Basis;
        var proposed = await App.Licensing.ProposeCorridorAsync(proposal, ContractsApp.Authority("NP"));
        Assert.Equal((requirement, proposal.OrientationLegalBasis), (proposed.OrientationRequired, proposed.OrientationLegalBasis));
        await App.Licensing.ApproveCorridorAsync(new CorridorDecisionRequest
        {
            CorridorId = proposed.Id, ExpectedVersion = proposed.Version, Reason = "Both ministries signed", LegalBasis = "Qatar Labour Law 14/2004",
        }, ContractsApp.Authority("QA"));
        var agency = await Given.LicensedAgencyAsync();
        await App.WaitForReplicaAsync();
        return agency;
    }
}
