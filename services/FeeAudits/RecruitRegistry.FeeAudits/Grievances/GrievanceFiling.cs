using MassTransit;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.FeeAudits.Replicas;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Messaging;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Grievances;

/// <summary>
/// A grievance filed by an authority's clerk on the worker's behalf (a help desk at home, a labour attaché abroad),
/// recorded as filed by that authority: RECEIVED, with its FILED step and a GrievanceChanged event in one transaction.
/// The same request_id for the same contract names the first grievance and writes nothing.
/// </summary>
internal sealed class GrievanceFiling(FeeAuditsDatabase database)
{
    /// <summary>The longest account a grievance may hold.</summary>
    public const int MaxAccountLength = 4000;

    public async Task<Grievance> FileByAuthorityAsync(FileGrievanceRequest request, Caller caller, CancellationToken ct)
    {
        FeeAuditsAccess.FileGrievance(caller);
        var v = new RequestValidator();
        var contractId = v.Id("contract_id", request.ContractId);
        var kind = Kind(v, request.Kind);
        var account = v.Required("account", request.Account, MaxAccountLength);
        var occurredOn = request.OccurredOn is null ? (DateOnly?)null : v.Date("occurred_on", request.OccurredOn);
        var requestId = v.Id("request_id", request.RequestId);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var contract = await work.QuerySingleOrDefaultAsync<ContractReplicaRow>(ReplicaSql.Contract, new { Id = contractId });
        if (contract is null || !FeeAuditsAccess.CanReadGrievances(caller, contract.OriginCountry, contract.DestinationCountry))
        {
            throw new NotFound("contract", contractId.ToString());
        }

        var today = DateOnly.FromDateTime(work.Now.UtcDateTime);
        if (occurredOn > today)
        {
            throw new ValidationFailed([new FieldViolation("occurred_on", $"must not be after today ({today:yyyy-MM-dd})")]);
        }

        var subject = new GrievanceSubject(contract.Id, contract.AgencyId, contract.OriginCountry, contract.DestinationCountry, contract.Sector, contract.WorkerSex);
        var filed = await FileAsync(work, Guid.CreateVersion7(work.Now), subject, kind, account, occurredOn, requestId.ToString(), GrievanceFilers.Authority, caller);
        var reply = await GrievanceQueries.ReadAsync(work, filed);
        await work.CommitAsync();
        return reply;
    }

    /// <summary>
    /// Inserts the grievance RECEIVED with its FILED step and publishes it, unless the request key was used for this
    /// contract before: then the first grievance, unchanged.
    /// </summary>
    public static async Task<GrievanceRow> FileAsync(
        UnitOfWork work, Guid id, GrievanceSubject contract, string kind, string account, DateOnly? occurredOn, string requestKey, string filedBy, Caller? clerk)
    {
        var kindRow = (await work.QuerySingleOrDefaultAsync<GrievanceKindRow>(GrievanceSql.Kind, new { Code = kind }))!;
        var grievance = new GrievanceRow
        {
            Id = id,
            ContractId = contract.ContractId,
            AgencyId = contract.AgencyId,
            OriginCountry = contract.OriginCountry,
            DestinationCountry = contract.DestinationCountry,
            Sector = contract.Sector,
            WorkerSex = contract.WorkerSex,
            Kind = kind,
            ActsFirst = kindRow.ActsFirst,
            State = GrievanceStates.Received,
            FiledBy = filedBy,
            FiledByCountry = clerk?.Country,
            Account = account,
            OccurredOn = occurredOn,
            RequestKey = requestKey,
            FiledAt = work.Now,
            Version = 1,
        };
        if (await work.ExecuteAsync(GrievanceSql.Insert, grievance) == 0)
        {
            return (await work.QuerySingleOrDefaultAsync<GrievanceRow>(GrievanceSql.ByRequest, new { grievance.ContractId, grievance.RequestKey }))!;
        }

        await work.ExecuteAsync(GrievanceSql.InsertStep, new GrievanceStepRow
        {
            GrievanceId = grievance.Id,
            Version = 1,
            Action = GrievanceActions.Filed,
            StateAfter = GrievanceStates.Received,
            Actor = clerk?.Actor ?? "worker",
            ActorRole = filedBy,
            ActorCountry = clerk?.Country,
            Reason = clerk is null ? "Filed by the worker" : "Filed on the worker's behalf",
            LegalBasis = "",
            DecidedAt = work.Now,
        });
        work.Publish(grievance.ToEvent(work.Now, []));
        return grievance;
    }

    /// <summary>
    /// A worker's report that is also a grievance (fees paid, a substituted contract), filed as the worker's under the
    /// report's key: the grievance and the report's case travel together.
    /// </summary>
    public static async Task FileReportAsync(
        UnitOfWork work, Guid contractId, Guid agencyId, string origin, string destination, string? sector, string? workerSex, string kind, string account, string requestKey)
    {
        var contract = sector is null || workerSex is null
            ? await work.QuerySingleOrDefaultAsync<ContractReplicaRow>(ReplicaSql.Contract, new { Id = contractId })
            : null;
        var subject = new GrievanceSubject(
            contractId, agencyId, origin, destination, sector ?? contract?.Sector ?? Unknown, workerSex ?? contract?.WorkerSex ?? Unknown);
        await FileAsync(work, Guid.CreateVersion7(work.Now), subject, kind, account, null, requestKey, GrievanceFilers.Worker, clerk: null);
    }

    /// <summary>A sector or sex a report from before they were carried, of a contract not yet replicated, does not give.</summary>
    private const string Unknown = "UNKNOWN";

    /// <summary>What a grievance records of its contract.</summary>
    public sealed record GrievanceSubject(Guid ContractId, Guid AgencyId, string OriginCountry, string DestinationCountry, string Sector, string WorkerSex);

    /// <summary>A kind the API names (UNSPECIFIED and unknown numbers are refused), as stored.</summary>
    public static string Kind(RequestValidator v, GrievanceKind kind)
    {
        if (!ProtoEnums.IsSet(kind))
        {
            v.Fail("kind", "name the kind of grievance (ListGrievanceKinds lists them)");
            return "";
        }

        return ProtoEnums.Name(kind, "GRIEVANCE_KIND_");
    }
}

/// <summary>
/// A worker's grievance (WorkerContracts checked the code and chose the id): recorded RECEIVED under that id, once,
/// from what the event carries of the contract.
/// </summary>
internal sealed class GrievanceFiledConsumer(FeeAuditsDatabase database) : InboxConsumer<GrievanceFiled, FeeAuditsDatabase>(database)
{
    protected override string ConsumerName => "feeaudits.grievance-filed";

    protected override Task ApplyAsync(ConsumeContext<GrievanceFiled> context, UnitOfWork work)
    {
        var e = context.Message;
        var subject = new GrievanceFiling.GrievanceSubject(e.ContractId, e.AgencyId, e.OriginCountry, e.DestinationCountry, e.Sector, e.WorkerSex);
        return GrievanceFiling.FileAsync(work, e.GrievanceId, subject, e.Kind, e.Account, e.OccurredOn, "worker:" + e.GrievanceId, GrievanceFilers.Worker, clerk: null);
    }
}
