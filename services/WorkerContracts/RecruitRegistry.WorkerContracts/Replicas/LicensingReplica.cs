using System.Text.Json;
using Dapper;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.WorkerContracts.Replicas;

/// <summary>What this service knows of Licensing, read back as the snapshots the events carried.</summary>
internal static class LicensingReplica
{
    /// <summary>
    /// The agencies <c>@AgencyIds</c> (see <see cref="SqlDialect.Ids"/>) with their licences, and the corridors among
    /// <c>@Origins</c> × <c>@Destinations</c>: three result sets, read by <see cref="ReadFromAsync"/>. The corridors are a
    /// superset of the pairs asked for; <see cref="Known.For"/> picks each pair.
    /// </summary>
    public static string Read(SqlDialect dialect) => $"""
        SELECT * FROM agency_replicas WHERE id {dialect.InList("@AgencyIds")};
        SELECT * FROM corridor_replicas WHERE origin_country {dialect.InList("@Origins")} AND destination_country {dialect.InList("@Destinations")};
        SELECT * FROM licence_replicas WHERE agency_id {dialect.InList("@AgencyIds")};
        """;

    /// <summary>The three result sets of <see cref="Read"/>, next in <paramref name="results"/>.</summary>
    public static async Task<Known> ReadFromAsync(SqlMapper.GridReader results)
    {
        var agencies = (await results.ReadAsync<AgencyReplicaRow>()).ToDictionary(a => a.Id, a => a.ToSnapshot());
        var corridors = (await results.ReadAsync<CorridorReplicaRow>()).ToDictionary(c => (c.OriginCountry, c.DestinationCountry), c => c.ToSnapshot());
        var licences = (await results.ReadAsync<LicenceReplicaRow>()).Select(l => l.ToSnapshot()).ToLookup(l => l.AgencyId);
        return new Known(agencies, corridors, licences);
    }

    /// <summary>What one read of the replica found.</summary>
    public sealed class Known(
        Dictionary<Guid, AgencySnapshot> agencies,
        Dictionary<(string Origin, string Destination), CorridorSnapshot> corridors,
        ILookup<Guid, LicenceSnapshot> licences)
    {
        /// <summary>The agency (null when unknown), the corridor (null when unknown) and the agency's licences.</summary>
        public (AgencySnapshot? Agency, CorridorSnapshot? Corridor, IReadOnlyList<LicenceSnapshot> Licences) For(
            Guid agencyId, string origin, string destination) =>
            (agencies.GetValueOrDefault(agencyId), corridors.GetValueOrDefault((origin, destination)), licences[agencyId].ToList());
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
