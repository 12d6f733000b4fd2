using RecruitRegistry.Rules.Licensing;
using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using Google.Protobuf;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;
using RecruitRegistry.WorkerContracts.Access;
using RecruitRegistry.WorkerContracts.Model;
using RecruitRegistry.WorkerContracts.Orientations;
using RecruitRegistry.WorkerContracts.Replicas;
using RecruitRegistry.WorkerContracts.ReadModel;

namespace RecruitRegistry.WorkerContracts.Registration;

/// <summary>
/// RegisterContract: the request read and checked, the caller allowed, then one transaction: the contract, its first
/// terms version, the decision, the worker's view, the request id and a state-carrying ContractChanged event. The agency
/// must be authorised on the corridor (Licensing's rules, on this service's replica) today and on the start date, and the
/// worker old enough for the corridor. A request id already used answers as it did the first time.
/// </summary>
internal sealed class RegisterContract(WorkerContractsDatabase database, ContractSecrets secrets)
{
    private const int Attempts = 10;

    public async Task<RegisterContractReply> HandleAsync(RegisterContractRequest request, Caller caller, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime);
        var v = new RequestValidator();
        var agencyId = string.IsNullOrEmpty(request.AgencyId) && caller.Role == CallerRole.Agency && caller.AgencyId is { } own
            ? own
            : v.Id("agency_id", request.AgencyId);
        var origin = v.Country("origin_country", request.OriginCountry);
        var destination = v.Country("destination_country", request.DestinationCountry);
        if (origin.Length > 0 && origin == destination)
        {
            v.Fail("destination_country", "must differ from origin_country");
        }

        var worker = TermsReader.ReadWorker(v, "worker.", request.Worker, today);
        var terms = TermsReader.ReadTerms(v, "terms.", request.Terms, "fees", request.Fees, destination, today);
        var requestId = TermsReader.ReadRequestId(v, "request_id", request.RequestId);
        v.ThrowIfInvalid();
        ContractAccess.Register(caller, agencyId, origin);

        var registration = new Registration(agencyId, origin, destination, worker, terms, requestId,
            Convert.ToHexStringLower(SHA256.HashData(request.ToByteArray())), caller, today);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RegisterAsync(registration, ct);
            }
            catch (Exception ex) when (SqlDialect.IsUniqueViolation(ex) && attempt < Attempts)
            {
                // A retry of this request committed meanwhile (the next attempt answers as it did), or the drawn
                // reference is taken (30 random bits per corridor and year: rare).
            }
        }
    }

    private async Task<RegisterContractReply> RegisterAsync(Registration r, CancellationToken ct)
    {
        await using var work = await database.BeginAsync(ct);
        RegistrationRequestRow? earlier;
        (AgencySnapshot? Agency, CorridorSnapshot? Corridor, IReadOnlyList<LicenceSnapshot> Licences) replica;
        OrientationRow? orientation;
        var passportHash = secrets.PassportHash(r.Worker.PassportNumber);
        using (var results = await work.QueryMultipleAsync(RegistrationSql.Request + ";\n" + LicensingReplica.Read + OrientationSql.Latest,
            new { r.AgencyId, r.RequestId, r.Origin, r.Destination, PassportHash = passportHash, r.Today }))
        {
            earlier = await results.ReadSingleOrDefaultAsync<RegistrationRequestRow>();
            replica = await LicensingReplica.ReadFromAsync(results);
            orientation = await results.ReadSingleOrDefaultAsync<OrientationRow>();
        }

        if (earlier is not null)
        {
            return await FirstAnswerAsync(work, earlier, r);
        }

        var (agency, corridor, licences) = replica;
        var reasons = RefusalReasons(r, agency, corridor, licences);
        if (OrientationRule.Refusal(corridor, OrientationRequirements.BeforeRegistration, orientation is not null) is { } unoriented)
        {
            reasons.Add(unoriented);
        }

        if (reasons.Count > 0)
        {
            throw new NotAuthorized(r.AgencyId.ToString(), reasons);
        }

        var (worker, terms) = (r.Worker, r.Terms);
        var id = Guid.CreateVersion7(work.Now);
        var fingerprint = TermsFingerprint.Of(terms);
        var contract = new ContractRow
        {
            Id = id,
            Reference = ContractReferences.New(r.Origin, r.Destination, work.Now),
            AgencyId = r.AgencyId,
            OriginCountry = r.Origin,
            DestinationCountry = r.Destination,
            Status = ContractStatuses.Registered,
            EndorsementState = EndorsementStates.Pending,
            Sector = terms.Sector,
            WorkerFullName = worker.FullName,
            WorkerSex = worker.Sex,
            WorkerDateOfBirth = worker.DateOfBirth,
            WorkerNationality = worker.Nationality,
            WorkerLanguage = worker.Language,
            PassportHash = passportHash,
            WorkerDisability = worker.Disability,
            Orientation = orientation?.ToJson(),
            CodeHash = secrets.CodeHash(id, secrets.VerificationCode(id)),
            SignedOn = terms.SignedOn,
            StartDate = terms.StartDate,
            TermsVersion = 1,
            TermsFingerprint = fingerprint,
            RegisteredBy = r.Caller.Actor,
            RegisteredAt = work.NowAsStored, // the worker's view and the event show what a later read shows
            Version = 1,
        };
        // Six rows in one statement list: one round trip.
        var rows = new DynamicParameters(contract);
        rows.AddDynamicParams(new
        {
            ContractId = contract.Id,
            Terms = terms.ToJson(),
            WorkerConsentRecorded = true,
            Now = work.Now,
            DecisionId = Guid.CreateVersion7(work.Now),
            DecisionKind = ContractDecisions.Register,
            AuthorityCountry = r.Caller.Role == CallerRole.Authority ? r.Caller.Country : null,
            ContractView = contract.ToView(terms, null).ToByteArray(),
            r.RequestId,
            RequestSha256 = r.RequestHash,
        });
        rows.AddDynamicParams(work.OutboxRow(contract.ToEvent(terms, ContractChange.Registered, work.Now)));
        await work.ExecuteAsync(RegistrationSql.Insert, rows);
        await work.CommitAsync();
        return Reply(contract, fingerprint);
    }

    /// <summary>The answer the request id got the first time; another body under the same id is refused.</summary>
    private async Task<RegisterContractReply> FirstAnswerAsync(UnitOfWork work, RegistrationRequestRow earlier, Registration r)
    {
        if (earlier.RequestSha256 != r.RequestHash)
        {
            throw new AlreadyExists("registration request", $"{r.RequestId} (used for a different contract; choose a new request_id)");
        }

        var contract = await work.QuerySingleOrDefaultAsync<ContractRow>(ContractSql.ById, new { Id = earlier.ContractId });
        var first = await work.QuerySingleOrDefaultAsync<ContractVersionRow>(ContractSql.Version, new { earlier.ContractId, TermsVersion = 1 });
        return Reply(contract! with { Version = 1 }, first!.TermsFingerprint);
    }

    private RegisterContractReply Reply(ContractRow contract, string fingerprint) => new()
    {
        ContractId = contract.Id.ToString(),
        Reference = contract.Reference,
        VerificationCode = Base32.Grouped(secrets.VerificationCode(contract.Id)),
        TermsFingerprint = fingerprint,
        FingerprintCode = TermsFingerprint.Code(fingerprint),
        Version = contract.Version,
    };

    /// <summary>
    /// Licensing's reasons (AuthorizationRules, as CheckAuthorization gives them) both today and on the start date: an
    /// agency suspended now may not register, nor may one whose licence will have lapsed when the work starts. Then the
    /// corridor's minimum age on the start date.
    /// </summary>
    private static List<string> RefusalReasons(Registration r, AgencySnapshot? agency, CorridorSnapshot? corridor, IReadOnlyList<LicenceSnapshot> licences)
    {
        if (agency is null)
        {
            return [$"agency {r.AgencyId} is not in the registry"];
        }

        var reasons = new List<string>();
        foreach (var day in r.Today == r.Terms.StartDate ? [r.Today] : new[] { r.Today, r.Terms.StartDate })
        {
            var decision = AuthorizationRules.Decide(agency, corridor, licences, r.Origin, r.Destination, r.Terms.Sector, day);
            if (!decision.Authorized)
            {
                reasons.AddRange(decision.Reasons.Where(reason => !reasons.Contains(reason)));
            }
        }

        if (corridor is not null && UnderAge(corridor.MinimumWorkerAge, r.Worker.DateOfBirth, r.Terms.StartDate, r.Origin, r.Destination) is { } underAge)
        {
            reasons.Add(underAge);
        }

        return reasons;
    }

    /// <summary>Why the worker may not be recruited on the start date, or null when old enough for the corridor.</summary>
    public static string? UnderAge(int minimumAge, DateOnly bornOn, DateOnly start, string origin, string destination)
    {
        if (bornOn.AddYears(minimumAge) <= start)
        {
            return null;
        }

        var age = Mapping.AgeOn(bornOn, start);
        return string.Create(CultureInfo.InvariantCulture,
            $"the worker is {age} on the start date {start:yyyy-MM-dd}; the {origin}→{destination} corridor's minimum age is {minimumAge}");
    }

    /// <summary>A registration request, read, checked and allowed to the caller.</summary>
    private sealed record Registration(
        Guid AgencyId, string Origin, string Destination, WorkerDetails Worker, ContractTerms Terms, string RequestId, string RequestHash,
        Caller Caller, DateOnly Today);
}

/// <summary>The statements only registration uses.</summary>
internal static class RegistrationSql
{
    public const string Request = """
        SELECT agency_id, request_id, request_sha256, contract_id FROM registration_requests
        WHERE agency_id = @AgencyId AND request_id = @RequestId
        """;

    /// <summary>The contract, its first terms version, the decision, the worker's view, the request id and the event.</summary>
    public const string Insert = ContractSql.Insert + """
        ;
        INSERT INTO contract_versions (contract_id, terms_version, contract_version, terms, terms_fingerprint, reason,
            worker_consent_recorded, recorded_by, recorded_at)
        VALUES (@Id, 1, 1, @Terms, @TermsFingerprint, 'registered', @WorkerConsentRecorded, @RegisteredBy, @Now);
        INSERT INTO contract_decisions (id, contract_id, kind, status_before, status_after, actor, authority_country, decided_at, reason, legal_basis)
        VALUES (@DecisionId, @Id, @DecisionKind, NULL, @Status, @RegisteredBy, @AuthorityCountry, @Now, 'registered', '');
        INSERT INTO registration_requests (agency_id, request_id, request_sha256, contract_id, created_at)
        VALUES (@AgencyId, @RequestId, @RequestSha256, @Id, @Now);
        """ + WorkerViewSql.Upsert + ";\n" + OutboxRow.Insert;
}

/// <summary>The contract a client's request id registered, and a hash of that request.</summary>
internal sealed record RegistrationRequestRow
{
    public Guid AgencyId { get; init; }
    public string RequestId { get; init; } = "";
    public string RequestSha256 { get; init; } = "";
    public Guid ContractId { get; init; }
}
