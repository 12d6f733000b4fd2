using System.Text.Json;
using Dapper;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.WorkerContracts.Replicas;

/// <summary>What this service knows of Licensing, read back as the snapshots the events carried.</summary>
internal static class LicensingReplica
{
    /// <summary>The agency <c>@AgencyId</c>, the corridor <c>@Origin</c>→<c>@Destination</c> and the agency's licences: three result sets.</summary>
    public const string Read = """
        SELECT * FROM agency_replicas WHERE id = @AgencyId;
        SELECT * FROM corridor_replicas WHERE origin_country = @Origin AND destination_country = @Destination;
        SELECT * FROM licence_replicas WHERE agency_id = @AgencyId;
        """;

    /// <summary>The three result sets of <see cref="Read"/>, next in <paramref name="results"/>: the agency and the corridor (null when unknown), the licences.</summary>
    public static async Task<(AgencySnapshot? Agency, CorridorSnapshot? Corridor, IReadOnlyList<LicenceSnapshot> Licences)> ReadFromAsync(SqlMapper.GridReader results)
    {
        var agency = (await results.ReadSingleOrDefaultAsync<AgencyReplicaRow>())?.ToSnapshot();
        var corridor = (await results.ReadSingleOrDefaultAsync<CorridorReplicaRow>())?.ToSnapshot();
        var licences = (await results.ReadAsync<LicenceReplicaRow>()).Select(l => l.ToSnapshot()).ToList();
        return (agency, corridor, licences);
    }
}

internal sealed record CorridorReplicaRow
{
    public Guid Id { get; init; }
    public string OriginCountry { get; init; } = "";
    public string DestinationCountry { get; init; } = "";
    public string State { get; init; } = "";
    public bool DestinationAccreditationRequired { get; init; }
    public int MinimumWorkerAge { get; init; }
    public string Sectors { get; init; } = "[]";
    public string OrientationRequired { get; init; } = OrientationRequirements.None;
    public string? OrientationLegalBasis { get; init; }
    public long Version { get; init; }

    public CorridorSnapshot ToSnapshot() => new()
    {
        CorridorId = Id,
        OriginCountry = OriginCountry,
        DestinationCountry = DestinationCountry,
        State = State,
        DestinationAccreditationRequired = DestinationAccreditationRequired,
        MinimumWorkerAge = MinimumWorkerAge,
        Sectors = JsonSerializer.Deserialize<string[]>(Sectors) ?? [],
        OrientationRequired = OrientationRequired,
        OrientationLegalBasis = OrientationLegalBasis,
    };
}

internal sealed record AgencyReplicaRow
{
    public Guid Id { get; init; }
    public string LegalName { get; init; } = "";
    public string RegistrationNumber { get; init; } = "";
    public string Country { get; init; } = "";
    public long Version { get; init; }

    public AgencySnapshot ToSnapshot() => new() { AgencyId = Id, LegalName = LegalName, RegistrationNumber = RegistrationNumber, Country = Country };
}

internal sealed record LicenceReplicaRow
{
    public Guid Id { get; init; }
    public Guid AgencyId { get; init; }
    public string Kind { get; init; } = "";
    public string Number { get; init; } = "";
    public string IssuingCountry { get; init; } = "";
    public string DestinationCountries { get; init; } = "[]";
    public string Sectors { get; init; } = "[]";
    public DateOnly ValidFrom { get; init; }
    public DateOnly ValidUntil { get; init; }
    public string State { get; init; } = "";
    public DateOnly? SuspendedSince { get; init; }
    public DateOnly? SuspendedUntil { get; init; }
    public long Version { get; init; }

    public LicenceSnapshot ToSnapshot() => new()
    {
        LicenceId = Id,
        AgencyId = AgencyId,
        Kind = Kind,
        Number = Number,
        IssuingCountry = IssuingCountry,
        DestinationCountries = JsonSerializer.Deserialize<string[]>(DestinationCountries) ?? [],
        Sectors = JsonSerializer.Deserialize<string[]>(Sectors) ?? [],
        ValidFrom = ValidFrom,
        ValidUntil = ValidUntil,
        State = State,
        SuspendedSince = SuspendedSince,
        SuspendedUntil = SuspendedUntil,
    };
}
