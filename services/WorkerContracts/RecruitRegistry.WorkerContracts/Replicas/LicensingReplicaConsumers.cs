using System.Text.Json;
using MassTransit;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.WorkerContracts.Replicas;

/// <summary>Keeps the corridor replica: versioned upsert in the inbox transaction.</summary>
internal sealed class CorridorChangedConsumer(WorkerContractsDatabase database)
    : InboxConsumer<CorridorChanged, WorkerContractsDatabase>(database)
{
    protected override string ConsumerName => "contracts.corridor-changed";

    protected override Task ApplyAsync(ConsumeContext<CorridorChanged> context, UnitOfWork work)
    {
        var c = context.Message.Corridor;
        return work.ExecuteAsync(ReplicaSql.UpsertCorridor, new
        {
            Id = c.CorridorId,
            c.OriginCountry,
            c.DestinationCountry,
            c.State,
            c.DestinationAccreditationRequired,
            c.MinimumWorkerAge,
            Sectors = JsonSerializer.Serialize(c.Sectors),
            // Absent in messages from before Licensing carried them: the corridor had the default window.
            GrievanceWindowMonths = c.GrievanceWindowMonths ?? 36,
            GrievanceWindowLegalBasis = c.GrievanceWindowLegalBasis ?? "RecruitRegistry default (no corridor rule recorded)",
            OrientationRequired = c.OrientationRequired ?? OrientationRequirements.None,
            c.OrientationLegalBasis,
            context.Message.Version,
        });
    }
}

/// <summary>Keeps the agency replica.</summary>
internal sealed class AgencyChangedConsumer(WorkerContractsDatabase database, AgencyCache cache)
    : InboxConsumer<AgencyChanged, WorkerContractsDatabase>(database)
{
    protected override string ConsumerName => "contracts.agency-changed";

    protected override Task ApplyAsync(ConsumeContext<AgencyChanged> context, UnitOfWork work)
    {
        var a = context.Message.Agency;
        work.OnCommitted(() => cache.Forget(a.AgencyId));
        return work.ExecuteAsync(ReplicaSql.UpsertAgency, new { Id = a.AgencyId, a.LegalName, a.RegistrationNumber, a.Country, context.Message.Version });
    }
}

/// <summary>Keeps the licence replica.</summary>
internal sealed class LicenceChangedConsumer(WorkerContractsDatabase database, AgencyCache cache)
    : InboxConsumer<LicenceChanged, WorkerContractsDatabase>(database)
{
    protected override string ConsumerName => "contracts.licence-changed";

    protected override Task ApplyAsync(ConsumeContext<LicenceChanged> context, UnitOfWork work)
    {
        var l = context.Message.Licence;
        work.OnCommitted(() => cache.Forget(l.AgencyId));
        return work.ExecuteAsync(ReplicaSql.UpsertLicence, new
        {
            Id = l.LicenceId,
            l.AgencyId,
            l.Kind,
            l.Number,
            l.IssuingCountry,
            DestinationCountries = JsonSerializer.Serialize(l.DestinationCountries),
            Sectors = JsonSerializer.Serialize(l.Sectors),
            l.ValidFrom,
            l.ValidUntil,
            l.State,
            l.SuspendedSince,
            l.SuspendedUntil,
            context.Message.Version,
        });
    }
}

/// <summary>Replica statements: each applies an event only when it is newer than the row.</summary>
internal static class ReplicaSql
{
    public static readonly string UpsertCorridor = ReplicaUpsert.Sql(
        "corridor_replicas", "origin_country", "destination_country", "state", "destination_accreditation_required", "minimum_worker_age", "sectors",
        "grievance_window_months", "grievance_window_legal_basis", "orientation_required", "orientation_legal_basis");

    public static readonly string UpsertAgency = ReplicaUpsert.Sql("agency_replicas", "legal_name", "registration_number", "country");

    public static readonly string UpsertLicence = ReplicaUpsert.Sql(
        "licence_replicas", "agency_id", "kind", "number", "issuing_country", "destination_countries", "sectors", "valid_from", "valid_until",
        "state", "suspended_since", "suspended_until");
}
