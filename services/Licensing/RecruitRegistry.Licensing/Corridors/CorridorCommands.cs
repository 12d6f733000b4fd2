using Microsoft.Extensions.Options;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Licensing.Access;
using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Licensing.Corridors;

/// <summary>
/// Corridors: proposed by one authority, opened when the other approves; either side suspends or closes with a
/// reason. Each decision is one transaction: the corridor (version bumped), its history row, its event.
/// </summary>
internal sealed class CorridorCommands(LicensingDatabase database, IOptions<LicensingOptions> options)
{
    private readonly LicensingOptions options = options.Value;

    /// <summary>Whether a pre-departure orientation must precede registration or endorsement, and the rule that says so.</summary>
    private static (string Requirement, string? LegalBasis) OrientationRule(RequestValidator v, ProposeCorridorRequest request)
    {
        if (request.OrientationRequired is OrientationRequirement.Unspecified or OrientationRequirement.None)
        {
            if (!string.IsNullOrEmpty(request.OrientationLegalBasis))
            {
                v.Fail("orientation_legal_basis", "goes with an orientation_required");
            }

            return (OrientationRequirements.None, null);
        }

        if (!ProtoEnums.IsSet(request.OrientationRequired))
        {
            v.Fail("orientation_required", "is not an orientation requirement");
            return (OrientationRequirements.None, null);
        }

        return (ProtoEnums.Name(request.OrientationRequired, "ORIENTATION_REQUIREMENT_"),
            v.Required("orientation_legal_basis", request.OrientationLegalBasis, 500));
    }

    public async Task<Corridor> ProposeAsync(ProposeCorridorRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var origin = v.Country("origin_country", request.OriginCountry);
        var destination = v.Country("destination_country", request.DestinationCountry);
        if (origin.Length > 0 && origin == destination)
        {
            v.Fail("destination_country", "must differ from origin_country");
        }

        var agreement = v.Required("bilateral_agreement_reference", request.BilateralAgreementReference);
        var age = request.MinimumWorkerAge == 0 ? options.MinimumWorkerAgeFloor : request.MinimumWorkerAge;
        if (age < options.MinimumWorkerAgeFloor || age > 65)
        {
            v.Fail("minimum_worker_age", $"must be between {options.MinimumWorkerAgeFloor} and 65 (no recruitment abroad below 18: ILO C138, C182)");
        }

        var sectors = ProtoNames.Sectors(v, "sectors", request.Sectors);
        var threshold = request.SuspensionThreshold == 0 ? options.DefaultSuspensionThreshold : request.SuspensionThreshold;
        if (threshold is < 1 or > 100)
        {
            v.Fail("suspension_threshold", "must be between 1 and 100 confirmed violations");
        }

        var window = request.SuspensionWindowMonths == 0 ? options.DefaultSuspensionWindowMonths : request.SuspensionWindowMonths;
        if (window is < 1 or > 120)
        {
            v.Fail("suspension_window_months", "must be between 1 and 120 months");
        }

        var grievanceWindow = request.GrievanceWindowMonths == 0 ? options.DefaultGrievanceWindowMonths : request.GrievanceWindowMonths;
        var grievanceBasis = options.DefaultGrievanceWindowLegalBasis;
        if (grievanceWindow is < 1 or > 240)
        {
            v.Fail("grievance_window_months", "must be between 1 and 240 months");
        }
        else if (request.GrievanceWindowMonths != 0)
        {
            grievanceBasis = v.Required("grievance_window_legal_basis", request.GrievanceWindowLegalBasis, 500);
        }
        else if (!string.IsNullOrEmpty(request.GrievanceWindowLegalBasis))
        {
            v.Fail("grievance_window_legal_basis", "goes with a grievance_window_months");
        }

        var counted = new List<string>();
        for (var i = 0; i < request.GrievanceKindsCounted.Count; i++)
        {
            if (!ProtoEnums.IsSet(request.GrievanceKindsCounted[i]))
            {
                v.Fail($"grievance_kinds_counted[{i}]", "is not a grievance kind");
            }
            else
            {
                counted.Add(ProtoEnums.Name(request.GrievanceKindsCounted[i], "GRIEVANCE_KIND_"));
            }
        }

        var (orientation, orientationBasis) = OrientationRule(v, request);
        v.ThrowIfInvalid();
        if (!caller.IsAuthorityOf(origin) && !caller.IsAuthorityOf(destination))
        {
            throw new Forbidden($"only the authority of {origin} or {destination} may propose this corridor");
        }

        var corridor = new CorridorRow
        {
            Id = Guid.CreateVersion7(),
            OriginCountry = origin,
            DestinationCountry = destination,
            State = CorridorStates.Proposed,
            ProposedByCountry = caller.Country!,
            BilateralAgreementReference = agreement,
            DestinationAccreditationRequired = request.DestinationAccreditationRequired,
            MinimumWorkerAge = age,
            Sectors = Lists.ToJson(sectors),
            SuspensionThreshold = threshold,
            SuspensionWindowMonths = window,
            GrievanceWindowMonths = grievanceWindow,
            GrievanceWindowLegalBasis = grievanceBasis,
            GrievanceKindsCounted = Lists.ToJson(counted.Distinct().Order(StringComparer.Ordinal).ToList()),
            OrientationRequired = orientation,
            OrientationLegalBasis = orientationBasis,
            Version = 1,
        };

        await using var work = await database.BeginAsync(ct);
        try
        {
            await work.ExecuteAsync(CorridorSql.Insert, corridor);
        }
        catch (Exception ex) when (SqlDialect.IsUniqueViolation(ex))
        {
            throw new AlreadyExists("corridor", $"{origin}→{destination}");
        }

        await RecordAsync(work, corridor, "PROPOSE", null, caller, "Corridor proposed", agreement);
        work.Publish(corridor.ToEvent(CorridorChange.Proposed, work.Now));
        await work.CommitAsync();
        return corridor.ToReply();
    }

    public Task<Corridor> ApproveAsync(CorridorDecisionRequest request, Caller caller, CancellationToken ct) =>
        DecideAsync(request, caller, "APPROVE", CorridorChange.Opened, CorridorStates.Open, [CorridorStates.Proposed, CorridorStates.Suspended],
            (corridor, c) =>
            {
                // Opening needs the other side's consent; re-opening a suspended corridor is either side's call.
                if (corridor.State == CorridorStates.Proposed && c.Country == corridor.ProposedByCountry)
                {
                    throw new Forbidden($"the corridor was proposed by {corridor.ProposedByCountry}; the other authority approves it");
                }
            },
            ct);

    public Task<Corridor> SuspendAsync(CorridorDecisionRequest request, Caller caller, CancellationToken ct) =>
        DecideAsync(request, caller, "SUSPEND", CorridorChange.Suspended, CorridorStates.Suspended, [CorridorStates.Open], null, ct);

    public Task<Corridor> CloseAsync(CorridorDecisionRequest request, Caller caller, CancellationToken ct) =>
        DecideAsync(request, caller, "CLOSE", CorridorChange.Closed, CorridorStates.Closed,
            [CorridorStates.Proposed, CorridorStates.Open, CorridorStates.Suspended], null, ct);

    private async Task<Corridor> DecideAsync(
        CorridorDecisionRequest request,
        Caller caller,
        string kind,
        CorridorChange change,
        string to,
        string[] from,
        Action<CorridorRow, Caller>? check,
        CancellationToken ct)
    {
        var v = new RequestValidator();
        var id = v.Id("corridor_id", request.CorridorId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var reason = v.Required("reason", request.Reason, 2000);
        var legalBasis = v.Required("legal_basis", request.LegalBasis, 500);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var corridor = await work.QuerySingleOrDefaultAsync<CorridorRow>(CorridorSql.ById, new { Id = id })
            ?? throw new NotFound("corridor", id.ToString());
        LicensingAccess.ReadCorridor(caller, corridor);
        LicensingAccess.PartyAuthority(caller, corridor, kind.ToLowerInvariant() + " this corridor");
        check?.Invoke(corridor, caller);
        if (corridor.Version != expected)
        {
            throw new StaleVersion("corridor", id.ToString(), expected, corridor.Version);
        }

        if (!from.Contains(corridor.State))
        {
            throw new PreconditionFailed($"cannot {kind.ToLowerInvariant()} a corridor that is {corridor.State}", corridor.State);
        }

        var changed = corridor with { State = to, Version = corridor.Version + 1 };
        if (await work.ExecuteAsync(CorridorSql.UpdateState, new { changed.Id, changed.State, changed.Version, Expected = expected }) == 0)
        {
            throw new StaleVersion("corridor", id.ToString(), expected, expected + 1);
        }

        await RecordAsync(work, changed, kind, corridor.State, caller, reason, legalBasis);
        work.Publish(changed.ToEvent(change, work.Now));
        await work.CommitAsync();
        return changed.ToReply();
    }

    private static Task RecordAsync(UnitOfWork work, CorridorRow corridor, string kind, string? before, Caller caller, string reason, string legalBasis) =>
        work.ExecuteAsync(CorridorSql.InsertDecision, new
        {
            Id = Guid.CreateVersion7(),
            CorridorId = corridor.Id,
            Kind = kind,
            StateBefore = before,
            StateAfter = corridor.State,
            caller.Actor,
            AuthorityCountry = caller.Country,
            DecidedAt = work.Now,
            Reason = reason,
            LegalBasis = legalBasis,
        });
}

/// <summary>Corridor statements.</summary>
internal static class CorridorSql
{
    public const string Insert = """
        INSERT INTO corridors (id, origin_country, destination_country, state, proposed_by_country, bilateral_agreement_reference,
            destination_accreditation_required, minimum_worker_age, sectors, suspension_threshold, suspension_window_months,
            grievance_window_months, grievance_window_legal_basis, grievance_kinds_counted, orientation_required, orientation_legal_basis, version)
        VALUES (@Id, @OriginCountry, @DestinationCountry, @State, @ProposedByCountry, @BilateralAgreementReference,
            @DestinationAccreditationRequired, @MinimumWorkerAge, @Sectors, @SuspensionThreshold, @SuspensionWindowMonths,
            @GrievanceWindowMonths, @GrievanceWindowLegalBasis, @GrievanceKindsCounted, @OrientationRequired, @OrientationLegalBasis, @Version)
        """;

    public const string ById = "SELECT * FROM corridors WHERE id = @Id";

    public const string ByCountries = "SELECT * FROM corridors WHERE origin_country = @Origin AND destination_country = @Destination";

    public const string OfCountry = """
        SELECT * FROM corridors WHERE origin_country = @Country OR destination_country = @Country
        ORDER BY origin_country, destination_country
        """;

    public const string UpdateState = "UPDATE corridors SET state = @State, version = @Version WHERE id = @Id AND version = @Expected";

    public const string InsertDecision = """
        INSERT INTO corridor_decisions (id, corridor_id, kind, state_before, state_after, actor, authority_country, decided_at, reason, legal_basis)
        VALUES (@Id, @CorridorId, @Kind, @StateBefore, @StateAfter, @Actor, @AuthorityCountry, @DecidedAt, @Reason, @LegalBasis)
        """;
}
