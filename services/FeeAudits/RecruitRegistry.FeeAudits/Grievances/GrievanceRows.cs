using Google.Protobuf.WellKnownTypes;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Grievances;

/// <summary>Grievance states, steps and filers as stored (the proto names without prefix).</summary>
internal static class GrievanceStates
{
    public const string Received = "RECEIVED";
    public const string UnderReview = "UNDER_REVIEW";
    public const string Referred = "REFERRED";
    public const string Resolved = "RESOLVED";
    public const string Dismissed = "DISMISSED";
    public const string Appealed = "APPEALED";
}

internal static class GrievanceActions
{
    public const string Filed = "FILED";
    public const string ReviewStarted = "REVIEW_STARTED";
    public const string Referred = "REFERRED";
    public const string Resolved = "RESOLVED";
    public const string Dismissed = "DISMISSED";
    public const string OutcomeFulfilled = "OUTCOME_FULFILLED";
    public const string OutcomeOverdue = "OUTCOME_OVERDUE";
    public const string Appealed = "APPEALED";
    public const string AppealUpheld = "APPEAL_UPHELD";
    public const string AppealOverturned = "APPEAL_OVERTURNED";
}

internal static class GrievanceOutcomeStates
{
    public const string Ordered = "ORDERED";
    public const string Fulfilled = "FULFILLED";
    public const string Overdue = "OVERDUE";
    public const string Cancelled = "CANCELLED";
}

internal static class GrievanceFilers
{
    public const string Worker = "WORKER";
    public const string Authority = "AUTHORITY";
    public const string Agency = "AGENCY";
}

/// <summary>A grievance_kinds row: a kind's label, ILO indicator, the side that acts first and the source.</summary>
internal sealed record GrievanceKindRow
{
    public string Code { get; init; } = "";
    public string Label { get; init; } = "";
    public string IloIndicator { get; init; } = "";
    public string ActsFirst { get; init; } = "";
    public string Source { get; init; } = "";

    public GrievanceKindInfo ToProto() => new()
    {
        Kind = ProtoEnums.Parse<GrievanceKind>(Code, "GRIEVANCE_KIND_"),
        Label = Label,
        IloIndicator = IloIndicator,
        ActsFirst = ProtoEnums.Parse<CorridorSide>(ActsFirst, "CORRIDOR_SIDE_"),
        Source = Source,
    };
}

/// <summary>A grievances row.</summary>
internal sealed record GrievanceRow
{
    public Guid Id { get; init; }
    public Guid ContractId { get; init; }
    public Guid AgencyId { get; init; }
    public string OriginCountry { get; init; } = "";
    public string DestinationCountry { get; init; } = "";
    public string Sector { get; init; } = "";
    public string WorkerSex { get; init; } = "";
    public string Kind { get; init; } = "";
    public string ActsFirst { get; init; } = "";
    public string State { get; init; } = "";
    public string FiledBy { get; init; } = "";
    public string? FiledByCountry { get; init; }
    public string Account { get; init; } = "";
    public DateOnly? OccurredOn { get; init; }
    public string RequestKey { get; init; } = "";
    public string? ReferredTo { get; init; }
    public bool Founded { get; init; }
    public DateTimeOffset FiledAt { get; init; }
    public long Version { get; init; }
    public DateOnly? AppealDeadline { get; init; }
    /// <summary>The state (RESOLVED or DISMISSED) an appeal was made against; null until appealed.</summary>
    public string? AppealedFrom { get; init; }

    /// <summary>The country of the authority that acts first on this grievance.</summary>
    public string ActingFirstCountry => ActsFirst == "ORIGIN" ? OriginCountry : DestinationCountry;

    public Grievance ToProto(IEnumerable<GrievanceStepRow> steps, IEnumerable<GrievanceOutcomeRow> outcomes)
    {
        var grievance = new Grievance
        {
            Id = Id.ToString(),
            ContractId = ContractId.ToString(),
            AgencyId = AgencyId.ToString(),
            OriginCountry = OriginCountry,
            DestinationCountry = DestinationCountry,
            Kind = ProtoEnums.Parse<GrievanceKind>(Kind, "GRIEVANCE_KIND_"),
            State = ProtoEnums.Parse<GrievanceState>(State, "GRIEVANCE_STATE_"),
            ActsFirst = ProtoEnums.Parse<CorridorSide>(ActsFirst, "CORRIDOR_SIDE_"),
            FiledBy = ProtoEnums.Parse<GrievanceFiler>(FiledBy, "GRIEVANCE_FILER_"),
            FiledByCountry = FiledByCountry ?? "",
            Account = Account,
            OccurredOn = OccurredOn?.ToDate(),
            FiledAt = Timestamp.FromDateTimeOffset(FiledAt),
            Version = Version,
            ReferredTo = ReferredTo is null ? GrievanceReferral.Unspecified : ProtoEnums.Parse<GrievanceReferral>(ReferredTo, "GRIEVANCE_REFERRAL_"),
            Founded = Founded,
            AppealDeadline = AppealDeadline?.ToDate(),
            Appealed = AppealedFrom is not null,
        };
        grievance.Steps.AddRange(steps.Select(s => s.ToProto()));
        grievance.Outcomes.AddRange(outcomes.Select(o => o.ToProto()));
        return grievance;
    }

    public GrievanceChanged ToEvent(DateTimeOffset now, IEnumerable<GrievanceOutcomeRow> outcomes) => new()
    {
        Outcomes = outcomes.Select(o => new GrievanceOutcomeSnapshot(o.Kind, o.Money, o.DueOn, o.State)).ToList(),
        GrievanceId = Id,
        Version = Version,
        ContractId = ContractId,
        AgencyId = AgencyId,
        OriginCountry = OriginCountry,
        DestinationCountry = DestinationCountry,
        Kind = Kind,
        State = State,
        FiledBy = FiledBy,
        ReferredTo = ReferredTo,
        Founded = Founded,
        FiledAt = FiledAt,
        AppealDeadline = AppealDeadline,
        Appealed = AppealedFrom is not null,
        OccurredAt = now,
    };
}

/// <summary>A grievance_outcomes row: what a founded grievance ordered, and where it stands.</summary>
internal sealed record GrievanceOutcomeRow
{
    public Guid Id { get; init; }
    public Guid GrievanceId { get; init; }
    public string Kind { get; init; } = "";
    public string? Currency { get; init; }
    public decimal? Amount { get; init; }
    public DateOnly DueOn { get; init; }
    public string State { get; init; } = "";
    public string? EvidenceReference { get; init; }
    public DateTimeOffset? FulfilledAt { get; init; }
    public DateOnly? OverdueSince { get; init; }
    public DateTimeOffset OrderedAt { get; init; }

    public EventMoney? Money => Currency is null || Amount is null ? null : new EventMoney(Currency, Amount.Value);

    public GrievanceOutcome ToProto() => new()
    {
        Id = Id.ToString(),
        Kind = ProtoEnums.Parse<GrievanceOutcomeKind>(Kind, "GRIEVANCE_OUTCOME_KIND_"),
        Amount = Money?.ToMoney(),
        DueOn = DueOn.ToDate(),
        State = ProtoEnums.Parse<GrievanceOutcomeState>(State, "GRIEVANCE_OUTCOME_STATE_"),
        EvidenceReference = EvidenceReference ?? "",
        FulfilledAt = FulfilledAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        OverdueSince = OverdueSince?.ToDate(),
    };
}

/// <summary>A grievance_steps row.</summary>
internal sealed record GrievanceStepRow
{
    public Guid GrievanceId { get; init; }
    public long Version { get; init; }
    public string Action { get; init; } = "";
    public string? StateBefore { get; init; }
    public string StateAfter { get; init; } = "";
    public string? ReferredTo { get; init; }
    public string Actor { get; init; } = "";
    public string ActorRole { get; init; } = "";
    public string? ActorCountry { get; init; }
    public string Reason { get; init; } = "";
    public string LegalBasis { get; init; } = "";
    public DateTimeOffset DecidedAt { get; init; }

    public GrievanceStep ToProto() => new()
    {
        Version = Version,
        Action = Action,
        StateBefore = StateBefore is null ? GrievanceState.Unspecified : ProtoEnums.Parse<GrievanceState>(StateBefore, "GRIEVANCE_STATE_"),
        StateAfter = ProtoEnums.Parse<GrievanceState>(StateAfter, "GRIEVANCE_STATE_"),
        ReferredTo = ReferredTo is null ? GrievanceReferral.Unspecified : ProtoEnums.Parse<GrievanceReferral>(ReferredTo, "GRIEVANCE_REFERRAL_"),
        Actor = Actor,
        ActorRole = ActorRole,
        ActorCountry = ActorCountry ?? "",
        Reason = Reason,
        LegalBasis = LegalBasis,
        At = Timestamp.FromDateTimeOffset(DecidedAt),
    };
}

/// <summary>Statements every grievance use case shares; each one's own are in its file.</summary>
internal static class GrievanceSql
{
    public const string Kinds = "SELECT * FROM grievance_kinds ORDER BY code";

    public const string Kind = "SELECT * FROM grievance_kinds WHERE code = @Code";

    public const string ById = "SELECT * FROM grievances WHERE id = @Id";

    public const string Steps = "SELECT * FROM grievance_steps WHERE grievance_id = @Id ORDER BY version";

    public const string Insert = """
        INSERT INTO grievances (id, contract_id, agency_id, origin_country, destination_country, sector, worker_sex, kind, acts_first, state,
            filed_by, filed_by_country, account, occurred_on, request_key, referred_to, founded, filed_at, version)
        VALUES (@Id, @ContractId, @AgencyId, @OriginCountry, @DestinationCountry, @Sector, @WorkerSex, @Kind, @ActsFirst, @State,
            @FiledBy, @FiledByCountry, @Account, @OccurredOn, @RequestKey, @ReferredTo, @Founded, @FiledAt, @Version)
        ON CONFLICT (contract_id, request_key) DO NOTHING
        """;

    public const string ByRequest = "SELECT * FROM grievances WHERE contract_id = @ContractId AND request_key = @RequestKey";

    public const string Update = """
        UPDATE grievances SET state = @State, referred_to = @ReferredTo, founded = @Founded, appeal_deadline = @AppealDeadline,
            appealed_from = @AppealedFrom, version = @Version
        WHERE id = @Id AND version = @Expected
        """;

    public const string Outcomes = "SELECT * FROM grievance_outcomes WHERE grievance_id = @Id ORDER BY ordered_at, id";

    public const string CancelOutcomes = "UPDATE grievance_outcomes SET state = 'CANCELLED' WHERE grievance_id = @Id AND state IN ('ORDERED', 'OVERDUE')";

    public const string InsertStep = """
        INSERT INTO grievance_steps (grievance_id, version, action, state_before, state_after, referred_to, actor, actor_role, actor_country,
            reason, legal_basis, decided_at)
        VALUES (@GrievanceId, @Version, @Action, @StateBefore, @StateAfter, @ReferredTo, @Actor, @ActorRole, @ActorCountry,
            @Reason, @LegalBasis, @DecidedAt)
        """;
}

/// <summary>What every change of a grievance does: its next version, the step appended, and its event.</summary>
internal static class GrievanceEvents
{
    /// <summary>
    /// Writes <paramref name="updated"/> (one version past <paramref name="before"/>) only if nobody changed the grievance
    /// meanwhile, and appends the step that took it there.
    /// </summary>
    public static async Task StepAsync(
        Platform.Data.UnitOfWork work, GrievanceRow before, GrievanceRow updated, string action, string actor, string actorRole, string? actorCountry,
        string reason, string legalBasis)
    {
        if (await work.ExecuteAsync(GrievanceSql.Update, new
            {
                updated.Id, updated.State, updated.ReferredTo, updated.Founded, updated.AppealDeadline, updated.AppealedFrom, updated.Version, Expected = before.Version,
            }) == 0)
        {
            throw new Platform.Errors.StaleVersion("grievance", before.Id.ToString(), before.Version, updated.Version);
        }

        await work.ExecuteAsync(GrievanceSql.InsertStep, new GrievanceStepRow
        {
            GrievanceId = before.Id,
            Version = updated.Version,
            Action = action,
            StateBefore = before.State,
            StateAfter = updated.State,
            ReferredTo = updated.ReferredTo == before.ReferredTo ? null : updated.ReferredTo,
            Actor = actor,
            ActorRole = actorRole,
            ActorCountry = actorCountry,
            Reason = reason,
            LegalBasis = legalBasis,
            DecidedAt = work.Now,
        });
    }

    public static async Task PublishAsync(Platform.Data.UnitOfWork work, GrievanceRow g) =>
        work.Publish(g.ToEvent(work.Now, await work.QueryAsync<GrievanceOutcomeRow>(GrievanceSql.Outcomes, new { g.Id })));
}
