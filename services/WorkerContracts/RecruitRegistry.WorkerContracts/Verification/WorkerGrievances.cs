using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using MassTransit;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Messaging;
using RecruitRegistry.Platform.Validation;
using RecruitRegistry.Rules.Grievances;
using RecruitRegistry.WorkerContracts.Model;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.WorkerContracts.Verification;

/// <summary>
/// A worker's grievances, with the contract's reference and code: filing one of any kind (also after the contract
/// ended and after return) publishes <see cref="GrievanceFiled"/>, which FeeAudits records under the same id for both
/// authorities; following them reads FeeAudits' grievances about the contract as GrievanceChanged keeps them here, as
/// codes. The same kind, date and account sent again name the first grievance and publish nothing. A worker appeals a
/// dismissal or an unfounded resolution once, until its deadline (<see cref="GrievanceAppealed"/>).
/// </summary>
internal sealed class WorkerGrievances(WorkerContractsDatabase database, WorkerVerification verification)
{
    /// <summary>The longest account a worker may give.</summary>
    public const int MaxAccountLength = 4000;

    public async Task<FileGrievanceReply> FileAsync(ContractsApi.FileGrievanceRequest request, string client, CancellationToken ct)
    {
        var v = new RequestValidator();
        var (reference, code) = WorkerVerification.ReadCredentials(v, request.Reference, request.VerificationCode, throwIfInvalid: false);
        if (!ProtoEnums.IsSet(request.Kind))
        {
            v.Fail("kind", "name the kind of grievance");
        }

        var account = v.Required("account", request.Account, MaxAccountLength);
        var occurredOn = request.OccurredOn is null ? (DateOnly?)null : v.Date("occurred_on", request.OccurredOn);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var contract = await verification.AuthenticateAsync(work, reference, code, client);
        var now = work.NowAsStored; // a retry answers the same time
        if (occurredOn > DateOnly.FromDateTime(now.UtcDateTime))
        {
            throw new ValidationFailed([new FieldViolation("occurred_on", "must not be after today")]);
        }

        await ThrowIfWindowClosedAsync(work, contract, DateOnly.FromDateTime(now.UtcDateTime));
        var kind = ProtoEnums.Name(request.Kind, "GRIEVANCE_KIND_");
        var filing = new { Id = Guid.CreateVersion7(now), ContractId = contract.Id, FilingSha256 = Hash(kind, occurredOn, account), FiledAt = now };
        if (await work.ExecuteAsync(GrievanceSql.InsertFiling, filing) == 0)
        {
            var first = (await work.QuerySingleOrDefaultAsync<FilingRow>(GrievanceSql.Filing, new { filing.ContractId, filing.FilingSha256 }))!;
            return new FileGrievanceReply { GrievanceId = first.Id.ToString(), FiledAt = Timestamp.FromDateTimeOffset(first.FiledAt) };
        }

        // Shown to the worker at once; FeeAudits' first event (version 1) replaces it.
        await work.ExecuteAsync(GrievanceSql.Upsert, new
        {
            filing.Id, Version = 0L, filing.ContractId, Kind = kind, State = "RECEIVED", FiledBy = "WORKER", ReferredTo = (string?)null, Founded = false,
            filing.FiledAt, ChangedAt = now, Outcomes = "[]", AppealDeadline = (DateOnly?)null, Appealed = false,
        });
        work.Publish(new GrievanceFiled
        {
            GrievanceId = filing.Id,
            ContractId = contract.Id,
            AgencyId = contract.AgencyId,
            OriginCountry = contract.OriginCountry,
            DestinationCountry = contract.DestinationCountry,
            Sector = contract.Sector,
            WorkerSex = contract.WorkerSex,
            Kind = kind,
            Account = account,
            OccurredOn = occurredOn,
            OccurredAt = now,
        });
        await work.CommitAsync();
        return new FileGrievanceReply { GrievanceId = filing.Id.ToString(), FiledAt = Timestamp.FromDateTimeOffset(now) };
    }

    /// <summary>
    /// The worker's appeal of a dismissal or an unfounded resolution of a grievance about the contract, checked against
    /// what FeeAudits last published of it; FeeAudits records it (<see cref="GrievanceAppealed"/>). A second appeal of
    /// the same grievance answers as the first.
    /// </summary>
    public async Task<AppealWorkerGrievanceReply> AppealAsync(AppealWorkerGrievanceRequest request, string client, CancellationToken ct)
    {
        var v = new RequestValidator();
        var (reference, code) = WorkerVerification.ReadCredentials(v, request.Reference, request.VerificationCode, throwIfInvalid: false);
        var id = v.Id("grievance_id", request.GrievanceId);
        var grounds = v.Required("grounds", request.Grounds, MaxAccountLength);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var contract = await verification.AuthenticateAsync(work, reference, code, client);
        var grievance = await work.QuerySingleOrDefaultAsync<GrievanceReplicaRow>(GrievanceSql.OfContractById, new { Id = id, ContractId = contract.Id })
            ?? throw new NotFound("grievance", id.ToString());
        if (await work.QuerySingleOrDefaultAsync<DateTimeOffset?>(GrievanceSql.Appeal, new { Id = id }) is { } first)
        {
            return new AppealWorkerGrievanceReply { GrievanceId = id.ToString(), AppealedAt = Timestamp.FromDateTimeOffset(first) };
        }

        var now = work.NowAsStored;
        if (WhyNotAppealable(grievance, DateOnly.FromDateTime(now.UtcDateTime)) is { } refusal)
        {
            throw new PreconditionFailed(refusal.Message, refusal.Code);
        }

        await work.ExecuteAsync(GrievanceSql.InsertAppeal, new { Id = id, ContractId = contract.Id, AppealedAt = now });
        await work.ExecuteAsync(GrievanceSql.MarkAppealed, new { Id = id });
        work.Publish(new GrievanceAppealed { GrievanceId = id, ContractId = contract.Id, Grounds = grounds, OccurredAt = now });
        await work.CommitAsync();
        return new AppealWorkerGrievanceReply { GrievanceId = id.ToString(), AppealedAt = Timestamp.FromDateTimeOffset(now) };
    }

    /// <summary>
    /// Why the worker may not appeal the grievance today, or null: the rule FeeAudits applies
    /// (<see cref="GrievanceAppealRule"/>), and a founded resolution is the agency's to appeal, not the worker's.
    /// </summary>
    private static (string Message, string Code)? WhyNotAppealable(GrievanceReplicaRow g, DateOnly today) =>
        g is { Appealed: false, State: GrievanceAppealRule.Resolved, Founded: true }
            ? ("the grievance was found founded: there is nothing for the worker to appeal", g.State)
            : GrievanceAppealRule.WhyNot("this grievance", g.State, g.Appealed, g.AppealDeadline, today);

    /// <summary>The grievances about the contract, oldest first, as FeeAudits last published them.</summary>
    public async Task<ListWorkerGrievancesReply> ListAsync(ListWorkerGrievancesRequest request, string client, CancellationToken ct)
    {
        var (reference, code) = WorkerVerification.ReadCredentials(new RequestValidator(), request.Reference, request.VerificationCode, throwIfInvalid: true);
        await using var work = await database.BeginAsync(ct);
        var contract = await verification.AuthenticateAsync(work, reference, code, client);
        var today = DateOnly.FromDateTime(work.Now.UtcDateTime);
        var reply = new ListWorkerGrievancesReply();
        reply.Grievances.AddRange((await work.QueryAsync<GrievanceReplicaRow>(GrievanceSql.OfContract, new { ContractId = contract.Id })).Select(g => new WorkerGrievance
        {
            GrievanceId = g.Id.ToString(),
            Kind = ProtoEnums.Parse<GrievanceKind>(g.Kind, "GRIEVANCE_KIND_"),
            State = ProtoEnums.Parse<GrievanceState>(g.State, "GRIEVANCE_STATE_"),
            FiledBy = ProtoEnums.Parse<GrievanceFiler>(g.FiledBy, "GRIEVANCE_FILER_"),
            ReferredTo = g.ReferredTo is null ? GrievanceReferral.Unspecified : ProtoEnums.Parse<GrievanceReferral>(g.ReferredTo, "GRIEVANCE_REFERRAL_"),
            Founded = g.Founded,
            FiledAt = Timestamp.FromDateTimeOffset(g.FiledAt),
            ChangedAt = Timestamp.FromDateTimeOffset(g.ChangedAt),
            Outcomes =
            {
                JsonSerializer.Deserialize<List<GrievanceOutcomeSnapshot>>(g.Outcomes)!.Select(o => new WorkerGrievanceOutcome
                {
                    Kind = ProtoEnums.Parse<GrievanceOutcomeKind>(o.Kind, "GRIEVANCE_OUTCOME_KIND_"),
                    Amount = o.Amount?.ToMoney(),
                    DueOn = o.DueOn.ToDate(),
                    State = ProtoEnums.Parse<GrievanceOutcomeState>(o.State, "GRIEVANCE_OUTCOME_STATE_"),
                }),
            },
            Appealable = WhyNotAppealable(g, today) is null,
            AppealDeadline = g.AppealDeadline?.ToDate(),
        }));
        return reply;
    }

    /// <summary>
    /// A worker files until the corridor's grievance window (Licensing's corridor data, with its legal basis) has run
    /// from the contract's end: the day it was terminated, else its start plus its duration. The refusal cites the rule.
    /// </summary>
    private static async Task ThrowIfWindowClosedAsync(UnitOfWork work, Model.ContractRow contract, DateOnly today)
    {
        var window = await work.QuerySingleOrDefaultAsync<WindowRow>(GrievanceSql.Window, new { Origin = contract.OriginCountry, Destination = contract.DestinationCountry });
        if (window is null)
        {
            return; // the contract was registered in this corridor, so Licensing's replica has it; nothing to apply otherwise
        }

        var ended = contract.EndedOn ?? contract.StartDate.AddMonths(
            Model.Mapping.ReadTerms((await work.QuerySingleOrDefaultAsync<Model.ContractVersionRow>(
                Registration.ContractSql.Version, new { ContractId = contract.Id, contract.TermsVersion }))!.Terms).DurationMonths);
        var closes = ended.AddMonths(window.GrievanceWindowMonths);
        if (today > closes)
        {
            throw new PreconditionFailed(
                $"the {contract.OriginCountry}→{contract.DestinationCountry} corridor takes a worker's grievance until {window.GrievanceWindowMonths} months after the contract ended; "
                + $"this one ended on {ended:yyyy-MM-dd}, so the window closed on {closes:yyyy-MM-dd} ({window.GrievanceWindowLegalBasis})",
                "GRIEVANCE_WINDOW_CLOSED");
        }
    }

    private sealed record WindowRow
    {
        public int GrievanceWindowMonths { get; init; }
        public string GrievanceWindowLegalBasis { get; init; } = "";
    }

    /// <summary>SHA-256 over the filing's canonical form: kind, day (or none) and account, one per line.</summary>
    private static string Hash(string kind, DateOnly? occurredOn, string account) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{occurredOn:yyyy-MM-dd}\n{account}")));

    private sealed record FilingRow
    {
        public Guid Id { get; init; }
        public DateTimeOffset FiledAt { get; init; }
    }

    private sealed record GrievanceReplicaRow
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public string State { get; init; } = "";
        public string FiledBy { get; init; } = "";
        public string? ReferredTo { get; init; }
        public bool Founded { get; init; }
        public DateTimeOffset FiledAt { get; init; }
        public DateTimeOffset ChangedAt { get; init; }
        public string Outcomes { get; init; } = "[]";
        public DateOnly? AppealDeadline { get; init; }
        public bool Appealed { get; init; }
    }
}

/// <summary>
/// Keeps FeeAudits' grievances (versioned upsert in the inbox transaction), so that a worker follows them with the
/// reference and code, which never leave this service. A stale or repeated event changes nothing.
/// </summary>
internal sealed class GrievanceChangedConsumer(WorkerContractsDatabase database)
    : InboxConsumer<GrievanceChanged, WorkerContractsDatabase>(database)
{
    protected override string ConsumerName => "contracts.grievance-changed";

    protected override Task ApplyAsync(ConsumeContext<GrievanceChanged> context, UnitOfWork work)
    {
        var g = context.Message;
        return work.ExecuteAsync(GrievanceSql.Upsert, new
        {
            Id = g.GrievanceId, g.Version, g.ContractId, g.Kind, g.State, g.FiledBy, g.ReferredTo, g.Founded, g.FiledAt, ChangedAt = g.OccurredAt,
            Outcomes = JsonSerializer.Serialize(g.Outcomes), g.AppealDeadline, g.Appealed,
        });
    }
}

internal static class GrievanceSql
{
    public const string InsertFiling = """
        INSERT INTO grievance_filings (id, contract_id, filing_sha256, filed_at) VALUES (@Id, @ContractId, @FilingSha256, @FiledAt)
        ON CONFLICT (contract_id, filing_sha256) DO NOTHING
        """;

    public const string Filing = "SELECT id, filed_at FROM grievance_filings WHERE contract_id = @ContractId AND filing_sha256 = @FilingSha256";

    public static readonly string Upsert = ReplicaUpsert.Sql(
        "grievance_replicas", "contract_id", "kind", "state", "filed_by", "referred_to", "founded", "filed_at", "changed_at", "outcomes",
        "appeal_deadline", "appealed");

    public const string Window = """
        SELECT grievance_window_months, grievance_window_legal_basis FROM corridor_replicas
        WHERE origin_country = @Origin AND destination_country = @Destination
        """;

    public const string OfContract = "SELECT * FROM grievance_replicas WHERE contract_id = @ContractId ORDER BY filed_at, id";

    public const string OfContractById = "SELECT * FROM grievance_replicas WHERE id = @Id AND contract_id = @ContractId";

    public const string Appeal = "SELECT appealed_at FROM grievance_appeals WHERE grievance_id = @Id";

    public const string InsertAppeal = "INSERT INTO grievance_appeals (grievance_id, contract_id, appealed_at) VALUES (@Id, @ContractId, @AppealedAt)";

    public const string MarkAppealed = "UPDATE grievance_replicas SET appealed = TRUE WHERE id = @Id";
}
