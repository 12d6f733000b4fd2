using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.Extensions.Options;
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
/// state-carrying ContractChanged event. Registrations that arrive together share one (<see cref="RegisterTogetherAsync"/>).
/// </summary>
internal sealed class ContractCommands
{
    private const int ReferenceAttempts = 10;

    private readonly WorkerContractsDatabase database;
    private readonly ContractSecrets secrets;
    private readonly BatchQueue<Registration, RegisterContractReply> registrations;

    public ContractCommands(WorkerContractsDatabase database, ContractSecrets secrets, IOptions<WorkerContractsOptions> options)
    {
        this.database = database;
        this.secrets = secrets;
        var batching = options.Value.Registration;
        registrations = new(RegisterBatchAsync, batching.ConcurrentTransactions, batching.RegistrationsPerTransaction);
    }

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
        return await registrations.RunAsync(
            new Registration(agencyId, origin, destination, worker, terms, requestId, requestHash, caller, today), ct);
    }

    /// <summary>
    /// Registers the batch in one transaction. If that transaction fails (a unique key: a retry racing its original in
    /// another transaction, or a drawn reference already taken; or anything else), it is rolled back whole and each
    /// registration of the batch runs again in a transaction of its own (<see cref="RegisterAloneAsync"/>), so one
    /// registration's failure never fails another's.
    /// </summary>
    private async Task RegisterBatchAsync(IReadOnlyList<BatchQueue<Registration, RegisterContractReply>.Entry> batch)
    {
        IReadOnlyList<Outcome> outcomes;
        try
        {
            outcomes = await RegisterTogetherAsync(batch.Select(e => e.Item).ToList());
        }
        catch (Exception ex) when (batch.Count > 1 || SqlDialect.IsUniqueViolation(ex))
        {
            await Task.WhenAll(batch.Select(async entry =>
            {
                try
                {
                    entry.Complete(await RegisterAloneAsync(entry.Item));
                }
                catch (Exception alone)
                {
                    entry.Fail(alone);
                }
            }));
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Refusal is { } refusal)
            {
                batch[i].Fail(refusal);
            }
            else
            {
                batch[i].Complete(outcomes[i].Reply!);
            }
        }
    }

    /// <summary>One registration in transactions of its own, drawing another reference while the drawn one is taken.</summary>
    private async Task<RegisterContractReply> RegisterAloneAsync(Registration registration)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = (await RegisterTogetherAsync([registration]))[0];
                return outcome.Refusal is { } refusal ? throw refusal : outcome.Reply!;
            }
            catch (Exception ex) when (SqlDialect.IsUniqueViolation(ex))
            {
                // Either the same request committed concurrently (a retry racing the original): the next attempt reads
                // it and answers as it did. Or the drawn reference was taken (30 random bits per corridor and year: rare).
                if (attempt == ReferenceAttempts)
                {
                    throw new InvalidOperationException($"no free reference after {ReferenceAttempts} attempts", ex);
                }
            }
        }
    }

    /// <summary>
    /// Registrations in one transaction, in two round trips: one read of their request ids and of the replica (agencies,
    /// corridors, licences), then every registration's six writes (contract, terms version, decision, worker view,
    /// request id, outbox event), queued by the unit of work and sent as one batch with the COMMIT. A registration the
    /// domain refuses writes nothing and is answered with its refusal; the others commit. Each answer holds only once
    /// the transaction committed: a failure of the transaction throws, and no answer is given from it.
    /// </summary>
    private async Task<IReadOnlyList<Outcome>> RegisterTogetherAsync(IReadOnlyList<Registration> batch)
    {
        await using var work = await database.BeginAsync(CancellationToken.None);
        Dictionary<(Guid AgencyId, string RequestId), RegistrationRequestRow> earlier;
        LicensingReplica.Known replica;
        var asked = batch.Select(r => (r.AgencyId, r.RequestId)).Distinct().ToList();
        using (var results = await work.QueryMultipleAsync(
            ContractSql.RequestsByIds(work.Dialect) + ";\n" + LicensingReplica.Read(work.Dialect),
            new
            {
                AgencyIds = work.Dialect.Ids(batch.Select(r => r.AgencyId).Distinct()),
                RequestAgencies = work.Dialect.Ids(asked.Select(a => a.AgencyId)),
                RequestIds = asked.Select(a => a.RequestId).ToArray(),
                Origins = batch.Select(r => r.Origin).Distinct().ToArray(),
                Destinations = batch.Select(r => r.Destination).Distinct().ToArray(),
            }))
        {
            earlier = (await results.ReadAsync<RegistrationRequestRow>()).ToDictionary(r => (r.AgencyId, r.RequestId));
            replica = await LicensingReplica.ReadFromAsync(results);
        }

        var outcomes = new Outcome[batch.Count];
        var registered = new Dictionary<(Guid AgencyId, string RequestId), (string RequestHash, RegisterContractReply Reply)>();
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                outcomes[i] = new(await RegisterInAsync(work, batch[i], earlier, replica, registered), null);
            }
            catch (DomainException refusal)
            {
                outcomes[i] = new(null, refusal); // checked before anything is queued: it wrote nothing
            }
        }

        await work.CommitAsync();
        return outcomes;
    }

    /// <summary>One registration in <paramref name="work"/>: refused, answered as its request id was, or queued.</summary>
    private async Task<RegisterContractReply> RegisterInAsync(
        UnitOfWork work,
        Registration r,
        Dictionary<(Guid AgencyId, string RequestId), RegistrationRequestRow> earlier,
        LicensingReplica.Known replica,
        Dictionary<(Guid AgencyId, string RequestId), (string RequestHash, RegisterContractReply Reply)> registered)
    {
        var key = (r.AgencyId, r.RequestId);
        if (registered.TryGetValue(key, out var same))
        {
            // The same request id twice in this transaction: a retry that overtook the original's answer.
            return same.RequestHash == r.RequestHash ? same.Reply : throw RequestIdReused(r.RequestId);
        }

        if (await FirstAnswerAsync(work, earlier.GetValueOrDefault(key), r.RequestId, r.RequestHash) is { } first)
        {
            return first;
        }

        var (agency, corridor, licences) = replica.For(r.AgencyId, r.Origin, r.Destination);
        var (worker, terms) = (r.Worker, r.Terms);
        var reasons = RefusalReasons(r.AgencyId, agency, corridor, licences, r.Origin, r.Destination, terms, worker.DateOfBirth, r.Today);
        if (reasons.Count > 0)
        {
            throw new NotAuthorized(r.AgencyId.ToString(), reasons);
        }

        var id = Guid.CreateVersion7(work.Now);
        var code = secrets.VerificationCode(id);
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
            PassportHash = secrets.PassportHash(worker.PassportNumber),
            CodeHash = secrets.CodeHash(id, code),
            SignedOn = terms.SignedOn,
            StartDate = terms.StartDate,
            TermsVersion = 1,
            TermsFingerprint = fingerprint,
            RegisteredBy = r.Caller.Actor,
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
            RecordedBy = r.Caller.Actor,
            RecordedAt = work.Now,
        });
        WriteDecision(work, contract, null, ContractDecisions.Register, r.Caller, "registered", "");
        WorkerViews.Write(work, contract, contract.ToView(terms, null));
        work.Write(ContractSql.InsertRequest, new { r.AgencyId, r.RequestId, RequestSha256 = r.RequestHash, ContractId = id, CreatedAt = work.Now });
        await work.PublishAsync(contract.ToEvent(terms, ContractChange.Registered, work.Now));
        var reply = Reply(contract, fingerprint);
        registered[key] = (r.RequestHash, reply);
        return reply;
    }

    private static AlreadyExists RequestIdReused(string requestId) =>
        new("registration request", $"{requestId} (used for a different contract; choose a new request_id)");

    /// <summary>A registration request, validated and allowed to the caller, waiting for its transaction.</summary>
    private sealed record Registration(
        Guid AgencyId, string Origin, string Destination, WorkerDetails Worker, ContractTerms Terms, string RequestId, string RequestHash,
        Caller Caller, DateOnly Today);

    /// <summary>What a registration of a batch came to: its answer, or the domain's refusal.</summary>
    private readonly record struct Outcome(RegisterContractReply? Reply, DomainException? Refusal);

    /// <summary>The answer a request id already got, or null for a new one; another body under the same id is refused.</summary>
    private async Task<RegisterContractReply?> FirstAnswerAsync(UnitOfWork work, RegistrationRequestRow? e, string requestId, string requestHash)
    {
        if (e is null)
        {
            return null;
        }

        if (e.RequestSha256 != requestHash)
        {
            throw RequestIdReused(requestId);
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
        var contract = await LoadAsync(work, id, expected, caller, c => ContractAccess.Amend(caller, c));
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
        var contract = await LoadAsync(work, id, expected, caller, c => ContractAccess.Endorse(caller, c));
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
        var contract = await LoadAsync(work, id, expected, caller, c => ContractAccess.Terminate(caller, c));
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
    private static async Task<ContractRow> LoadAsync(UnitOfWork work, Guid id, long expected, Caller caller, Action<ContractRow> access)
    {
        var contract = await work.QuerySingleOrDefaultAsync<ContractRow>(ContractSql.ById, new { Id = id })
            ?? throw new NotFound("contract", id.ToString());
        ContractAccess.Read(caller, contract);
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

    /// <summary>
    /// The requests named by the pairs <c>@RequestAgencies</c>[i], <c>@RequestIds</c>[i]. PostgreSQL looks each pair up
    /// in the primary key: a lateral subquery per pair, kept apart from the join by <c>OFFSET 0</c>, so the only plans
    /// are per-pair look-ups. A plain join (or two <c>= ANY</c> lists) lets the planner pick a hash join over a scan of the
    /// table, and the plan prepared while the table was still small is kept as it grows: measured at 2.5 to 6 ms and
    /// 650 to 825 buffers per call after a minute of registrations, against 12 buffers (docs/benchmarks.md). SQLite
    /// looks up each combination of the two <c>IN</c> lists in the primary key: a superset of the pairs, each picked by
    /// its pair.
    /// </summary>
    public static string RequestsByIds(SqlDialect dialect) => dialect.Provider == DatabaseProvider.Postgres
        ? """
          SELECT r.agency_id, r.request_id, r.request_sha256, r.contract_id
          FROM unnest(@RequestAgencies, @RequestIds) AS asked (agency_id, request_id)
          CROSS JOIN LATERAL (
              SELECT * FROM registration_requests x
              WHERE x.agency_id = asked.agency_id AND x.request_id = asked.request_id
              OFFSET 0) r
          """
        : """
          SELECT agency_id, request_id, request_sha256, contract_id FROM registration_requests
          WHERE agency_id IN @RequestAgencies AND request_id IN @RequestIds
          """;
}

/// <summary>The contract a client's request id registered, and a hash of that request.</summary>
internal sealed record RegistrationRequestRow
{
    public Guid AgencyId { get; init; }
    public string RequestId { get; init; } = "";
    public string RequestSha256 { get; init; } = "";
    public Guid ContractId { get; init; }
}
