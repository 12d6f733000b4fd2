using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;
using RecruitRegistry.WorkerContracts.Model;
using RecruitRegistry.WorkerContracts.Registration;

namespace RecruitRegistry.WorkerContracts.Orientations;

/// <summary>
/// RecordOrientation: a worker's pre-departure orientation, recorded by the origin authority or a provider it accredits
/// (a token of role orientation_provider naming that country). The worker is named by the keyed hash of their passport,
/// so an orientation may come before any contract; it is linked, in the same transaction, to the worker's open
/// contracts in the corridor that have none (each a new version, a decision and a ContractChanged), and registration
/// links the latest one to a new contract. A corridor may require one before registration or endorsement
/// (<see cref="OrientationRule"/>). The certificate number is the natural key: sent again with the same content it
/// names the same orientation.
/// </summary>
internal sealed class PreDepartureOrientations(WorkerContractsDatabase database, ContractSecrets secrets, ContractCommands commands)
{
    public const int MaxHours = 200;     // a typing mistake above: national programmes run 2 to 60 hours
    public const int MaxYearsBack = 5;

    public async Task<Orientation> RecordAsync(RecordOrientationRequest request, Caller caller, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime);
        var v = new RequestValidator();
        var origin = v.Country("origin_country", request.OriginCountry);
        var destination = v.Country("destination_country", request.DestinationCountry);
        if (origin.Length > 0 && origin == destination)
        {
            v.Fail("destination_country", "must differ from origin_country");
        }

        var passport = TermsReader.ReadPassport(v, "passport_number", request.PassportNumber);
        var completed = v.Date("completed_on", request.CompletedOn);
        if (completed != default && (completed > today || completed < today.AddYears(-MaxYearsBack)))
        {
            v.Fail("completed_on", $"must not be in the future nor more than {MaxYearsBack} years ago");
        }

        var provider = v.Required("provider", request.Provider, 200);
        var language = TermsReader.ReadLanguage(v, "language", request.Language);
        if (request.Hours is < 1 or > MaxHours)
        {
            v.Fail("hours", $"must be between 1 and {MaxHours}");
        }

        var certificate = v.Required("certificate_number", request.CertificateNumber, 64);
        v.ThrowIfInvalid();
        if (!caller.IsAuthorityOf(origin) && !caller.IsOrientationProviderOf(origin))
        {
            throw new Forbidden($"only the authority of {origin}, or an orientation provider it accredits, may record its workers' orientations");
        }

        var orientation = new OrientationRow
        {
            Id = Guid.CreateVersion7(),
            OriginCountry = origin,
            DestinationCountry = destination,
            PassportHash = secrets.PassportHash(passport),
            CompletedOn = completed,
            Provider = provider,
            Language = language,
            Hours = request.Hours,
            CertificateNumber = certificate,
            RecordedBy = caller.Actor,
            RecordedByRole = caller.Role == CallerRole.Authority ? Roles.Authority : Roles.OrientationProvider,
        };
        try
        {
            return await RecordAsync(orientation, caller, ct);
        }
        catch (Exception ex) when (SqlDialect.IsUniqueViolation(ex))
        {
            // The same certificate was recorded at this moment by another call: read what it recorded.
            return await RecordAsync(orientation, caller, ct);
        }
    }

    private async Task<Orientation> RecordAsync(OrientationRow orientation, Caller caller, CancellationToken ct)
    {
        var (origin, certificate) = (orientation.OriginCountry, orientation.CertificateNumber);
        await using var work = await database.BeginAsync(ct);
        orientation = orientation with { RecordedAt = work.NowAsStored };
        var earlier = await work.QuerySingleOrDefaultAsync<OrientationRow>(OrientationSql.ByCertificate, new { Origin = origin, Certificate = certificate });
        if (earlier is not null)
        {
            return earlier.SameAs(orientation)
                ? earlier.ToProto()
                : throw new AlreadyExists("orientation", $"certificate {certificate} of {origin} (recorded for another worker or with other details)");
        }

        await work.ExecuteAsync(OrientationSql.Insert, orientation);
        var open = await work.QueryAsync<ContractRow>(OrientationSql.OpenContracts,
            new { Origin = origin, Destination = orientation.DestinationCountry, orientation.PassportHash });
        foreach (var contract in open)
        {
            await commands.LinkOrientationAsync(work, contract, orientation, caller);
        }

        await work.CommitAsync();
        return orientation.ToProto();
    }
}

/// <summary>The corridor's rule: whether the worker's orientation must be recorded before registration or endorsement.</summary>
internal static class OrientationRule
{
    /// <summary>Why the step may not be taken without an orientation, citing the corridor's rule; null when it may.</summary>
    public static string? Refusal(CorridorSnapshot? corridor, string step, bool oriented)
    {
        var required = corridor?.OrientationRequired ?? OrientationRequirements.None;
        var applies = required == OrientationRequirements.BeforeRegistration
            || (required == OrientationRequirements.BeforeEndorsement && step == OrientationRequirements.BeforeEndorsement);
        if (!applies || oriented)
        {
            return null;
        }

        var stage = required == OrientationRequirements.BeforeRegistration ? "registration" : "endorsement";
        return string.Create(CultureInfo.InvariantCulture,
            $"the {corridor!.OriginCountry}→{corridor.DestinationCountry} corridor requires the worker's pre-departure orientation to be recorded before {stage} ({corridor.OrientationLegalBasis}); none is recorded for this worker");
    }
}

/// <summary>An orientations row; a contract keeps a copy of the one linked to it as JSON.</summary>
internal sealed record OrientationRow
{
    public Guid Id { get; init; }
    public string OriginCountry { get; init; } = "";
    public string DestinationCountry { get; init; } = "";
    public string PassportHash { get; init; } = "";
    public DateOnly CompletedOn { get; init; }
    public string Provider { get; init; } = "";
    public string Language { get; init; } = "";
    public int Hours { get; init; }
    public string CertificateNumber { get; init; } = "";
    public string RecordedBy { get; init; } = "";
    public string RecordedByRole { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>The same orientation sent again: what it records, whoever sent it and whenever.</summary>
    public bool SameAs(OrientationRow other) =>
        (DestinationCountry, PassportHash, CompletedOn, Provider, Language, Hours)
        == (other.DestinationCountry, other.PassportHash, other.CompletedOn, other.Provider, other.Language, other.Hours);

    /// <summary>The copy a contract keeps: everything but the passport hash, which the contract has already.</summary>
    public string ToJson() => JsonSerializer.Serialize(this with { PassportHash = "" });

    public static OrientationRow? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<OrientationRow>(json);

    public Orientation ToProto() => new()
    {
        OrientationId = Id.ToString(),
        OriginCountry = OriginCountry,
        DestinationCountry = DestinationCountry,
        CompletedOn = CompletedOn.ToDate(),
        Provider = Provider,
        Language = Language,
        Hours = Hours,
        CertificateNumber = CertificateNumber,
        RecordedBy = RecordedBy,
        RecordedByRole = RecordedByRole,
        RecordedAt = Timestamp.FromDateTimeOffset(RecordedAt),
    };
}

internal static class OrientationSql
{
    public const string Insert = """
        INSERT INTO orientations (id, origin_country, destination_country, passport_hash, completed_on, provider, language, hours,
            certificate_number, recorded_by, recorded_by_role, recorded_at)
        VALUES (@Id, @OriginCountry, @DestinationCountry, @PassportHash, @CompletedOn, @Provider, @Language, @Hours,
            @CertificateNumber, @RecordedBy, @RecordedByRole, @RecordedAt)
        """;

    public const string ByCertificate = "SELECT * FROM orientations WHERE origin_country = @Origin AND certificate_number = @Certificate";

    /// <summary>The worker's latest orientation for the corridor completed by <c>@Today</c>.</summary>
    public const string Latest = """
        SELECT * FROM orientations
        WHERE origin_country = @Origin AND destination_country = @Destination AND passport_hash = @PassportHash AND completed_on <= @Today
        ORDER BY completed_on DESC, id DESC LIMIT 1
        """;

    /// <summary>The worker's contracts in the corridor that have not ended and have no orientation yet.</summary>
    public const string OpenContracts = """
        SELECT * FROM contracts
        WHERE origin_country = @Origin AND destination_country = @Destination AND passport_hash = @PassportHash
          AND termination_kind IS NULL AND orientation IS NULL
        ORDER BY id
        """;
}
