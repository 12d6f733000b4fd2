using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;
using RecruitRegistry.WorkerContracts.Access;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.WorkerContracts.Model;
using RecruitRegistry.WorkerContracts.Orientations;
using RecruitRegistry.WorkerContracts.Replicas;
using RecruitRegistry.WorkerContracts.ReadModel;

namespace RecruitRegistry.WorkerContracts.Registration;

/// <summary>
/// Amendment, endorsement and termination (registration: <see cref="RegisterContract"/>). Each is one transaction: the
/// contract (version bumped), the terms version when the terms change, an append-only decision row, the worker's view
/// (<see cref="WorkerViews"/>) and a state-carrying ContractChanged event.
/// </summary>
internal sealed class ContractCommands(WorkerContractsDatabase database)
{
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
            && RegisterContract.UnderAge(corridor.MinimumWorkerAge, contract.WorkerDateOfBirth, terms.StartDate, contract.OriginCountry, contract.DestinationCountry) is { } underAge)
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
        await work.ExecuteAsync(ContractSql.InsertVersion, new ContractVersionRow
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
        await WriteDecisionAsync(work, changed, contract.Status, ContractDecisions.Amend, caller, reason, "");
        var view = changed.ToView(terms, null); // new terms: not audited yet
        await WorkerViews.WriteAsync(work, changed, view);
        work.Publish(changed.ToEvent(terms, ContractChange.Amended, work.Now));
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

        if (request.Endorse)
        {
            var corridor = await work.QuerySingleOrDefaultAsync<CorridorReplicaRow>(ContractSql.Corridor,
                new { Origin = contract.OriginCountry, Destination = contract.DestinationCountry });
            if (OrientationRule.Refusal(corridor?.ToSnapshot(), OrientationRequirements.BeforeEndorsement, contract.Orientation is not null) is { } refusal)
            {
                throw new PreconditionFailed(refusal, "ORIENTATION_NOT_RECORDED");
            }
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

    /// <summary>Links <paramref name="orientation"/> to the contract, in <paramref name="work"/> (RecordOrientation commits it).</summary>
    public Task<ContractView> LinkOrientationAsync(UnitOfWork work, ContractRow contract, OrientationRow orientation, Caller caller) =>
        ApplyAsync(work, contract, contract with { Orientation = orientation.ToJson(), Version = contract.Version + 1 }, ContractDecisions.Orientation,
            ContractChange.OrientationRecorded, caller, $"pre-departure orientation recorded: certificate {orientation.CertificateNumber}", "");

    private async Task<ContractView> DecideAsync(
        UnitOfWork work, ContractRow before, ContractRow changed, string kind, ContractChange change, Caller caller, string reason, string legalBasis)
    {
        var view = await ApplyAsync(work, before, changed, kind, change, caller, reason, legalBasis);
        await work.CommitAsync();
        return view;
    }

    /// <summary>The changed contract, its decision, its event and the worker's view, in <paramref name="work"/>.</summary>
    private static async Task<ContractView> ApplyAsync(
        UnitOfWork work, ContractRow before, ContractRow changed, string kind, ContractChange change, Caller caller, string reason, string legalBasis)
    {
        await UpdateAsync(work, changed, before.Version);
        await WriteDecisionAsync(work, changed, before.Status, kind, caller, reason, legalBasis);
        var version = await work.QuerySingleOrDefaultAsync<ContractVersionRow>(ContractSql.Version, new { ContractId = changed.Id, changed.TermsVersion });
        var terms = Mapping.ReadTerms(version!.Terms);
        work.Publish(changed.ToEvent(terms, change, work.Now));
        var audit = await work.QuerySingleOrDefaultAsync<AuditRow>(ContractSql.Audit, new { ContractId = changed.Id, changed.TermsVersion });
        var view = changed.ToView(terms, audit);
        await WorkerViews.WriteAsync(work, changed, view);
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

    internal static Task<int> WriteDecisionAsync(UnitOfWork work, ContractRow after, string? before, string kind, Caller caller, string reason, string legalBasis) =>
        work.ExecuteAsync(ContractSql.InsertDecision, new ContractDecisionRow
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
            registered_by, registered_at, orientation, worker_disability, version)
        VALUES (@Id, @Reference, @AgencyId, @OriginCountry, @DestinationCountry, @Status, @EndorsementState, @Sector,
            @WorkerFullName, @WorkerSex, @WorkerDateOfBirth, @WorkerNationality, @WorkerLanguage, @PassportHash, @CodeHash,
            @SignedOn, @StartDate, @TermsVersion, @TermsFingerprint, @Endorsement, @TerminationKind, @EndedOn, @Termination,
            @RegisteredBy, @RegisteredAt, @Orientation, @WorkerDisability, @Version)
        """;

    public const string Update = """
        UPDATE contracts SET status = @Status, endorsement_state = @EndorsementState, signed_on = @SignedOn, start_date = @StartDate,
            terms_version = @TermsVersion, terms_fingerprint = @TermsFingerprint, endorsement = @Endorsement,
            termination_kind = @TerminationKind, ended_on = @EndedOn, termination = @Termination, orientation = @Orientation, version = @Version
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
}
