using System.Globalization;
using System.Security.Cryptography;
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
using RecruitRegistry.WorkerContracts.Replicas;
using RecruitRegistry.WorkerContracts.Verification;

namespace RecruitRegistry.WorkerContracts.Registration;

/// <summary>
/// Registration, amendment, endorsement and termination. Each is one transaction: the contract (version bumped), the
/// terms version when the terms change, an append-only decision row, the worker's view (<see cref="WorkerViews"/>) and a
/// state-carrying ContractChanged event.
/// </summary>
internal sealed class ContractCommands(WorkerContractsDatabase database, ContractSecrets secrets)
{
    private const int ReferenceAttempts = 10;

    public async Task<RegisterContractReply> RegisterAsync(RegisterContractRequest request, Caller caller, CancellationToken ct)
    {
        var today = Today();
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

        var requestHash = Convert.ToHexStringLower(SHA256.HashData(request.ToByteArray()));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RegisterOnceAsync(agencyId, origin, destination, worker, terms, requestId, requestHash, caller, today, ct);
            }
            catch (Exception ex) when (SqlDialect.IsUniqueViolation(ex))
            {
                // Either the same request committed concurrently (a retry racing the original): answer as it did. Or
                // the drawn reference was taken (30 random bits per corridor and year: rare): draw another.
                await using var work = await database.BeginAsync(ct);
                var earlier = await work.QuerySingleOrDefaultAsync<RegistrationRequestRow>(ContractSql.RequestById, new { AgencyId = agencyId, RequestId = requestId });
                if (await FirstAnswerAsync(work, earlier, requestId, requestHash) is { } first)
                {
                    return first;
                }

                if (attempt == ReferenceAttempts)
                {
                    throw new InvalidOperationException($"no free reference after {ReferenceAttempts} attempts", ex);
                }
            }
        }
    }

    /// <summary>
    /// One attempt in three round trips: the request id and the replica read together, then the six writes
    /// (contract, terms version, decision, worker view, request id, outbox event) queued by the unit of work and sent as one command,
    /// then the commit.
    /// </summary>
    private async Task<RegisterContractReply> RegisterOnceAsync(
        Guid agencyId, string origin, string destination, WorkerDetails worker, ContractTerms terms, string requestId, string requestHash,
        Caller caller, DateOnly today, CancellationToken ct)
    {
        await using var work = await database.BeginAsync(ct);
        RegistrationRequestRow? earlier;
        (AgencySnapshot? Agency, CorridorSnapshot? Corridor, IReadOnlyList<LicenceSnapshot> Licences) replica;
        using (var results = await work.QueryMultipleAsync(
            ContractSql.RequestById + ";\n" + LicensingReplica.Read,
            new { AgencyId = agencyId, RequestId = requestId, Origin = origin, Destination = destination }))
        {
            earlier = await results.ReadSingleOrDefaultAsync<RegistrationRequestRow>();
            replica = await LicensingReplica.ReadFromAsync(results);
        }

        if (await FirstAnswerAsync(work, earlier, requestId, requestHash) is { } first)
        {
            return first;
        }

        var reasons = RefusalReasons(agencyId, replica.Agency, replica.Corridor, replica.Licences, origin, destination, terms, worker.DateOfBirth, today);
        if (reasons.Count > 0)
        {
            throw new NotAuthorized(agencyId.ToString(), reasons);
        }

        var id = Guid.CreateVersion7(work.Now);
        var code = secrets.VerificationCode(id);
        var fingerprint = TermsFingerprint.Of(terms);
        var contract = new ContractRow
        {
            Id = id,
            Reference = ContractReferences.New(origin, destination, work.Now),
            AgencyId = agencyId,
            OriginCountry = origin,
            DestinationCountry = destination,
            Status = ContractStatuses.Registered,
            EndorsementState = EndorsementStates.Pending,
            Sector = terms.Sector,
            WorkerFullName = worker.FullName,
            WorkerSex = worker.Sex,
            WorkerDateOfBirth = worker.DateOfBirth,
            WorkerNationality = worker.Nationality,
            WorkerLanguage = worker.Language,
            PassportHash = secrets.PassportHash(worker.PassportNumber),
            CodeHash = secrets.CodeHash(id, code),
            SignedOn = terms.SignedOn,
            StartDate = terms.StartDate,
            TermsVersion = 1,
            TermsFingerprint = fingerprint,
            RegisteredBy = caller.Actor,
            RegisteredAt = work.NowAsStored, // the worker's view and the event show what a later read shows
            Version = 1,
        };
        work.Write(ContractSql.Insert, contract);
        work.Write(ContractSql.InsertVersion, new ContractVersionRow
        {
            ContractId = id,
            TermsVersion = 1,
            ContractVersion = 1,
            Terms = terms.ToJson(),
            TermsFingerprint = fingerprint,
            Reason = "registered",
            WorkerConsentRecorded = true,
            RecordedBy = caller.Actor,
            RecordedAt = work.Now,
        });
        WriteDecision(work, contract, null, ContractDecisions.Register, caller, "registered", "");
        WorkerViews.Write(work, contract, contract.ToView(terms, null));
        work.Write(ContractSql.InsertRequest, new { AgencyId = agencyId, RequestId = requestId, RequestSha256 = requestHash, ContractId = id, CreatedAt = work.Now });
        await work.PublishAsync(contract.ToEvent(terms, ContractChange.Registered, work.Now));
        await work.CommitAsync();
        return Reply(contract, fingerprint);
    }

    /// <summary>The answer a request id already got, or null for a new one; another body under the same id is refused.</summary>
    private async Task<RegisterContractReply?> FirstAnswerAsync(UnitOfWork work, RegistrationRequestRow? e, string requestId, string requestHash)
    {
        if (e is null)
        {
            return null;
        }

        if (e.RequestSha256 != requestHash)
        {
            throw new AlreadyExists("registration request", $"{requestId} (used for a different contract; choose a new request_id)");
        }

        var contract = await work.QuerySingleOrDefaultAsync<ContractRow>(ContractSql.ById, new { Id = e.ContractId });
        var first = await work.QuerySingleOrDefaultAsync<ContractVersionRow>(ContractSql.Version, new { ContractId = e.ContractId, TermsVersion = 1 });
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
    private static List<string> RefusalReasons(
        Guid agencyId, AgencySnapshot? agency, CorridorSnapshot? corridor, IReadOnlyList<LicenceSnapshot> licences,
        string origin, string destination, ContractTerms terms, DateOnly bornOn, DateOnly today)
    {
        if (agency is null)
        {
            return [$"agency {agencyId} is not in the registry"];
        }

        var reasons = new List<string>();
        foreach (var day in today == terms.StartDate ? [today] : new[] { today, terms.StartDate })
        {
            var decision = AuthorizationRules.Decide(agency, corridor, licences, origin, destination, terms.Sector, day);
            if (!decision.Authorized)
            {
                reasons.AddRange(decision.Reasons.Where(r => !reasons.Contains(r)));
            }
        }

        if (corridor is not null && UnderAge(corridor.MinimumWorkerAge, bornOn, terms.StartDate, origin, destination) is { } underAge)
        {
            reasons.Add(underAge);
        }

        return reasons;
    }

    /// <summary>Why the worker may not be recruited on the start date, or null when old enough for the corridor.</summary>
    private static string? UnderAge(int minimumAge, DateOnly bornOn, DateOnly start, string origin, string destination) =>
        bornOn.AddYears(minimumAge) <= start
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"the worker is {AgeOn(bornOn, start)} on the start date {start:yyyy-MM-dd}; the {origin}→{destination} corridor's minimum age is {minimumAge}");

    private static int AgeOn(DateOnly bornOn, DateOnly day)
    {
        var age = day.Year - bornOn.Year;
        return bornOn.AddYears(age) > day ? age - 1 : age;
    }

    public async Task<ContractView> AmendAsync(AmendContractRequest request, Caller caller, CancellationToken ct)
    {
        var today = Today();
        var v = new RequestValidator();
        var id = v.Id("contract_id", request.ContractId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var reason = v.Required("reason", request.Reason, 2000);
        if (!request.WorkerConsentRecorded)
        {
            v.Fail("worker_consent_recorded", "must be true: no amendment without the worker's recorded consent");
        }

        v.ThrowIfInvalid();
        await using var work = await database.BeginAsync(ct);
        var contract = await LoadAsync(work, id, expected, c => ContractAccess.Amend(caller, c));
        var terms = TermsReader.ReadTerms(v, "terms.", request.Terms, "fees", request.Fees, contract.DestinationCountry, today);
        if (terms.Sector.Length > 0 && terms.Sector != contract.Sector)
        {
            v.Fail("terms.job.sector", $"stays {contract.Sector}: work in another sector is a new contract");
        }

        v.ThrowIfInvalid();
        if (contract.IsTerminated)
        {
            throw new PreconditionFailed($"the contract ended ({contract.TerminationKind}); it can no longer be amended", contract.Status);
        }

        var fingerprint = TermsFingerprint.Of(terms);
        if (fingerprint == contract.TermsFingerprint)
        {
            throw new PreconditionFailed("the terms are unchanged: nothing to amend", contract.Status);
        }

        var corridor = await work.QuerySingleOrDefaultAsync<CorridorReplicaRow>(ContractSql.Corridor, new { Origin = contract.OriginCountry, Destination = contract.DestinationCountry });
        if (corridor is not null
            && UnderAge(corridor.MinimumWorkerAge, contract.WorkerDateOfBirth, terms.StartDate, contract.OriginCountry, contract.DestinationCountry) is { } underAge)
        {
            throw new NotAuthorized(contract.AgencyId.ToString(), [underAge]);
        }

        // New terms need the destination's endorsement again.
        var changed = contract with
        {
            Status = ContractStatuses.Registered,
            EndorsementState = EndorsementStates.Pending,
            Endorsement = null,
            SignedOn = terms.SignedOn,
            StartDate = terms.StartDate,
            TermsVersion = contract.TermsVersion + 1,
            TermsFingerprint = fingerprint,
            Version = contract.Version + 1,
        };
        await UpdateAsync(work, changed, contract.Version);
        work.Write(ContractSql.InsertVersion, new ContractVersionRow
        {
            ContractId = id,
            TermsVersion = changed.TermsVersion,
            ContractVersion = changed.Version,
            Terms = terms.ToJson(),
            TermsFingerprint = fingerprint,
            Reason = reason,
            WorkerConsentRecorded = true,
            RecordedBy = caller.Actor,
            RecordedAt = work.Now,
        });
        WriteDecision(work, changed, contract.Status, ContractDecisions.Amend, caller, reason, "");
        var view = changed.ToView(terms, null); // new terms: not audited yet
        WorkerViews.Write(work, changed, view);
        await work.PublishAsync(changed.ToEvent(terms, ContractChange.Amended, work.Now));
        await work.CommitAsync();
        return view;
    }

    public async Task<ContractView> EndorseAsync(EndorseContractRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var id = v.Id("contract_id", request.ContractId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var reason = v.Required("reason", request.Reason, 2000);
        var legalBasis = v.Required("legal_basis", request.LegalBasis, 500);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var contract = await LoadAsync(work, id, expected, c => ContractAccess.Endorse(caller, c));
        if (contract.Status != ContractStatuses.Registered)
        {
            throw new PreconditionFailed($"only a REGISTERED contract awaits endorsement; this one is {contract.Status}", contract.Status);
        }

        var decision = new DecisionRecord(caller.Actor, caller.Country, work.Now, reason, legalBasis);
        var changed = contract with
        {
            Status = request.Endorse ? ContractStatuses.Endorsed : ContractStatuses.Rejected,
            EndorsementState = request.Endorse ? EndorsementStates.Endorsed : EndorsementStates.Rejected,
            Endorsement = decision.ToJson(),
            Version = contract.Version + 1,
        };
        return await DecideAsync(work, contract, changed, request.Endorse ? ContractDecisions.Endorse : ContractDecisions.Reject,
            request.Endorse ? ContractChange.Endorsed : ContractChange.Rejected, caller, reason, legalBasis);
    }

    public async Task<ContractView> TerminateAsync(TerminateContractRequest request, Caller caller, CancellationToken ct)
    {
        var today = Today();
        var v = new RequestValidator();
        var id = v.Id("contract_id", request.ContractId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var kind = ProtoEnums.IsSet(request.Termination) ? ProtoEnums.Name(request.Termination, "CONTRACT_STATUS_") : "";
        if (!ContractStatuses.Terminations.Contains(kind))
        {
            v.Fail("termination", "must be COMPLETED, ENDED_BY_EMPLOYER, ENDED_BY_WORKER or REPATRIATED");
        }

        var endedOn = v.Date("ended_on", request.EndedOn);
        if (endedOn > today)
        {
            v.Fail("ended_on", "must not be in the future");
        }

        var reason = v.Required("reason", request.Reason, 2000);
        var legalBasis = v.Required("legal_basis", request.LegalBasis, 500);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var contract = await LoadAsync(work, id, expected, c => ContractAccess.Terminate(caller, c));
        if (endedOn < contract.SignedOn)
        {
            throw new ValidationFailed([new FieldViolation("ended_on", $"must not be before the contract was signed ({contract.SignedOn:yyyy-MM-dd})")]);
        }

        if (contract.IsTerminated)
        {
            throw new PreconditionFailed($"the contract already ended: {contract.TerminationKind}", contract.Status);
        }

        var changed = contract with
        {
            Status = kind,
            TerminationKind = kind,
            EndedOn = endedOn,
            Termination = new DecisionRecord(caller.Actor, caller.Country, work.Now, reason, legalBasis).ToJson(),
            Version = contract.Version + 1,
        };
        return await DecideAsync(work, contract, changed, ContractDecisions.Terminate, ContractChange.Terminated, caller, reason, legalBasis);
    }

    private async Task<ContractView> DecideAsync(
        UnitOfWork work, ContractRow before, ContractRow changed, string kind, ContractChange change, Caller caller, string reason, string legalBasis)
    {
        await UpdateAsync(work, changed, before.Version);
        WriteDecision(work, changed, before.Status, kind, caller, reason, legalBasis);
        var version = await work.QuerySingleOrDefaultAsync<ContractVersionRow>(ContractSql.Version, new { ContractId = changed.Id, changed.TermsVersion });
        var terms = Mapping.ReadTerms(version!.Terms);
        await work.PublishAsync(changed.ToEvent(terms, change, work.Now));
        var audit = await work.QuerySingleOrDefaultAsync<AuditRow>(ContractSql.Audit, new { ContractId = changed.Id, changed.TermsVersion });
        var view = changed.ToView(terms, audit);
        WorkerViews.Write(work, changed, view);
        await work.CommitAsync();
        return view;
    }

    /// <summary>The contract, if the caller may act on it (checked before its version, which is nobody else's business).</summary>
    private static async Task<ContractRow> LoadAsync(UnitOfWork work, Guid id, long expected, Action<ContractRow> access)
    {
        var contract = await work.QuerySingleOrDefaultAsync<ContractRow>(ContractSql.ById, new { Id = id })
            ?? throw new NotFound("contract", id.ToString());
        access(contract);
        return contract.Version == expected ? contract : throw new StaleVersion("contract", id.ToString(), expected, contract.Version);
    }

    private static async Task UpdateAsync(UnitOfWork work, ContractRow changed, long expected)
    {
        if (await work.ExecuteAsync(ContractSql.Update, new Dapper.DynamicParameters(changed).With("Expected", expected)) == 0)
        {
            throw new StaleVersion("contract", changed.Id.ToString(), expected, expected + 1);
        }
    }

    private static void WriteDecision(UnitOfWork work, ContractRow after, string? before, string kind, Caller caller, string reason, string legalBasis) =>
        work.Write(ContractSql.InsertDecision, new ContractDecisionRow
        {
            Id = Guid.CreateVersion7(work.Now),
            ContractId = after.Id,
            Kind = kind,
            StatusBefore = before,
            StatusAfter = after.Status,
            Actor = caller.Actor,
            AuthorityCountry = caller.Role == CallerRole.Authority ? caller.Country : null,
            DecidedAt = work.Now,
            Reason = reason,
            LegalBasis = legalBasis,
        });

    private DateOnly Today() => DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime);
}

/// <summary>Contract statements.</summary>
internal static class ContractSql
{
    public const string Insert = """
        INSERT INTO contracts (id, reference, agency_id, origin_country, destination_country, status, endorsement_state, sector,
            worker_full_name, worker_sex, worker_date_of_birth, worker_nationality, worker_language, passport_hash, code_hash,
            signed_on, start_date, terms_version, terms_fingerprint, endorsement, termination_kind, ended_on, termination,
            registered_by, registered_at, version)
        VALUES (@Id, @Reference, @AgencyId, @OriginCountry, @DestinationCountry, @Status, @EndorsementState, @Sector,
            @WorkerFullName, @WorkerSex, @WorkerDateOfBirth, @WorkerNationality, @WorkerLanguage, @PassportHash, @CodeHash,
            @SignedOn, @StartDate, @TermsVersion, @TermsFingerprint, @Endorsement, @TerminationKind, @EndedOn, @Termination,
            @RegisteredBy, @RegisteredAt, @Version)
        """;

    public const string Update = """
        UPDATE contracts SET status = @Status, endorsement_state = @EndorsementState, signed_on = @SignedOn, start_date = @StartDate,
            terms_version = @TermsVersion, terms_fingerprint = @TermsFingerprint, endorsement = @Endorsement,
            termination_kind = @TerminationKind, ended_on = @EndedOn, termination = @Termination, version = @Version
        WHERE id = @Id AND version = @Expected
        """;

    public const string ById = "SELECT * FROM contracts WHERE id = @Id";

    public const string InsertVersion = """
        INSERT INTO contract_versions (contract_id, terms_version, contract_version, terms, terms_fingerprint, reason,
            worker_consent_recorded, recorded_by, recorded_at)
        VALUES (@ContractId, @TermsVersion, @ContractVersion, @Terms, @TermsFingerprint, @Reason,
            @WorkerConsentRecorded, @RecordedBy, @RecordedAt)
        """;

    public const string Version = "SELECT * FROM contract_versions WHERE contract_id = @ContractId AND terms_version = @TermsVersion";

    public const string Versions = "SELECT * FROM contract_versions WHERE contract_id = @ContractId ORDER BY terms_version";

    public const string Audit = "SELECT * FROM contract_audits WHERE contract_id = @ContractId AND terms_version = @TermsVersion";

    public const string Audits = "SELECT * FROM contract_audits WHERE contract_id = @ContractId";

    public const string Corridor = "SELECT * FROM corridor_replicas WHERE origin_country = @Origin AND destination_country = @Destination";

    public const string InsertDecision = """
        INSERT INTO contract_decisions (id, contract_id, kind, status_before, status_after, actor, authority_country, decided_at, reason, legal_basis)
        VALUES (@Id, @ContractId, @Kind, @StatusBefore, @StatusAfter, @Actor, @AuthorityCountry, @DecidedAt, @Reason, @LegalBasis)
        """;

    public const string InsertRequest = """
        INSERT INTO registration_requests (agency_id, request_id, request_sha256, contract_id, created_at)
        VALUES (@AgencyId, @RequestId, @RequestSha256, @ContractId, @CreatedAt)
        """;

    public const string RequestById = "SELECT request_sha256, contract_id FROM registration_requests WHERE agency_id = @AgencyId AND request_id = @RequestId";
}

/// <summary>The contract a client's request id registered, and a hash of that request.</summary>
internal sealed record RegistrationRequestRow
{
    public string RequestSha256 { get; init; } = "";
    public Guid ContractId { get; init; }
}
