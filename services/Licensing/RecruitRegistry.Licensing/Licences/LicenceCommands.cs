using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Licensing.Access;
using RecruitRegistry.Licensing.Agencies;
using RecruitRegistry.Licensing.Corridors;
using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;
using LicenceReply = RecruitRegistry.Contracts.Licensing.V1.Licence;

namespace RecruitRegistry.Licensing.Licences;

/// <summary>
/// Licences and accreditations, and every decision on them (appeals: <see cref="LicenceAppeals"/>). A decision is one transaction: the licence (version
/// bumped), an append-only history row holding the licence as it was (so an overturned decision can be undone
/// exactly), and a state-carrying LicenceChanged event.
/// </summary>
internal sealed class LicenceCommands(LicensingDatabase database, IOptions<LicensingOptions> options)
{
    public const string SystemActor = "system";

    private readonly LicensingOptions options = options.Value;

    public async Task<LicenceReply> IssueAsync(IssueLicenceRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var agencyId = v.Id("agency_id", request.AgencyId);
        if (!ProtoNames.IsSet(request.Kind))
        {
            v.Fail("kind", "must be ORIGIN_LICENCE or DESTINATION_ACCREDITATION");
        }

        var number = v.Required("number", request.Number, 64);
        var sectors = ProtoNames.Sectors(v, "sectors", request.Sectors);
        var from = v.Date("valid_from", request.ValidFrom);
        var until = v.Date("valid_until", request.ValidUntil);
        if (from != default && until != default && until <= from)
        {
            v.Fail("valid_until", "must be after valid_from");
        }

        // The origin country's law asks a bond of a licensed agency; a destination's accreditation has none unless given.
        var bond = request.Kind == LicenceKind.DestinationAccreditation && request.SecurityBond is null
            ? NoBond
            : v.Money("security_bond", request.SecurityBond);
        var conditions = Conditions(v, request.Conditions);
        var reason = v.Required("reason", request.Reason, 2000);
        var legalBasis = v.Required("legal_basis", request.LegalBasis, 500);
        var destinations = request.Kind == LicenceKind.DestinationAccreditation && request.DestinationCountries.Count == 0
            ? [] // an accreditation covers its issuer's country; filled in below
            : ProtoNames.Countries(v, "destination_countries", request.DestinationCountries);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var agency = await work.QuerySingleOrDefaultAsync<AgencyRow>(AgencySql.ById, new { Id = agencyId })
            ?? throw new NotFound("agency", agencyId.ToString());
        string issuer;
        if (request.Kind == LicenceKind.OriginLicence)
        {
            if (!caller.IsAuthorityOf(agency.Country) && !await AgencyCommands.CanReadAsync(work, agency, caller))
            {
                throw LicensingAccess.Hidden("agency", agencyId);
            }

            LicensingAccess.AuthorityOf(caller, agency.Country, $"license agencies of {agency.Country}");
            issuer = agency.Country;
        }
        else
        {
            if (caller.Role != CallerRole.Authority || caller.Country == agency.Country)
            {
                throw await AgencyCommands.CanReadAsync(work, agency, caller)
                    ? new Forbidden("a destination authority accredits agencies of other countries")
                    : LicensingAccess.Hidden("agency", agencyId);
            }

            issuer = caller.Country!;
            var corridor = await work.QuerySingleOrDefaultAsync<CorridorRow>(CorridorSql.ByCountries, new { Origin = agency.Country, Destination = issuer });
            if (corridor?.State != CorridorStates.Open)
            {
                throw new PreconditionFailed(
                    $"{issuer} accredits agencies of {agency.Country} only while the {agency.Country}→{issuer} corridor is OPEN", corridor?.State ?? "NO_CORRIDOR");
            }

            if (destinations.Count == 0)
            {
                destinations = [issuer];
            }
            else if (destinations.Any(d => d != issuer))
            {
                throw new ValidationFailed([new FieldViolation("destination_countries", $"an accreditation by {issuer} covers {issuer} only")]);
            }
        }

        var licence = new LicenceRow
        {
            Id = Guid.CreateVersion7(),
            AgencyId = agency.Id,
            Kind = ProtoNames.Of(request.Kind, "LICENCE_KIND_"),
            Number = number,
            IssuingCountry = issuer,
            DestinationCountries = Lists.ToJson(destinations),
            Sectors = Lists.ToJson(sectors),
            ValidFrom = from,
            ValidUntil = until,
            BondCurrency = bond.Currency,
            BondAmount = bond.Amount,
            Conditions = Lists.ToJson(conditions),
            State = LicenceStates.Active,
            Version = 1,
        };
        try
        {
            await work.ExecuteAsync(LicenceSql.Insert, licence);
        }
        catch (Exception ex) when (SqlDialect.IsUniqueViolation(ex))
        {
            throw new AlreadyExists("licence number", $"{issuer}/{number}");
        }

        await InsertDecisionAsync(work, null, licence, Decisions.Issue, caller.Actor, caller.Country, reason, legalBasis, appealable: false);
        work.Publish(licence.ToEvent(LicenceChange.Issued, work.Now));
        await work.CommitAsync();
        return licence.ToReply(Today(work));
    }

    public Task<LicenceReply> RenewAsync(RenewLicenceRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var until = v.Date("valid_until", request.ValidUntil);
        return DecideAsync(request.Decision, "decision.", v, caller, Decisions.Renew, LicenceChange.Renewed, (licence, today) =>
        {
            if (until <= licence.ValidUntil || until <= today)
            {
                throw new ValidationFailed([new FieldViolation("valid_until", $"must be after the current end of validity ({licence.ValidUntil:yyyy-MM-dd}) and after today")]);
            }

            return licence with { ValidUntil = until, State = LicenceStates.Active };
        }, ct);
    }

    /// <summary>A licence without a security bond (stored as no currency).</summary>
    private static readonly (string Currency, decimal Amount) NoBond = ("", 0m);

    public Task<LicenceReply> AmendAsync(AmendLicenceRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var destinations = ProtoNames.Countries(v, "destination_countries", request.DestinationCountries);
        var sectors = ProtoNames.Sectors(v, "sectors", request.Sectors);
        var conditions = Conditions(v, request.Conditions);
        (string Currency, decimal Amount)? bond = request.SecurityBond is null ? null : v.Money("security_bond", request.SecurityBond);
        return DecideAsync(request.Decision, "decision.", v, caller, Decisions.Amend, LicenceChange.Amended, (licence, _) =>
            licence with
            {
                DestinationCountries = Lists.ToJson(destinations),
                Sectors = Lists.ToJson(sectors),
                Conditions = Lists.ToJson(conditions),
                BondCurrency = bond?.Currency ?? licence.BondCurrency, // unset: the bond stays as it is
                BondAmount = bond?.Amount ?? licence.BondAmount,
            }, ct);
    }

    public Task<LicenceReply> SuspendAsync(SuspendLicenceRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var until = request.Until is null ? (DateOnly?)null : v.Date("until", request.Until);
        return DecideAsync(request.Decision, "decision.", v, caller, Decisions.Suspend, LicenceChange.Suspended, (licence, today) =>
        {
            if (until is { } u && u <= today)
            {
                throw new ValidationFailed([new FieldViolation("until", "must be after today")]);
            }

            return licence with { State = LicenceStates.Suspended, SuspendedSince = today, SuspendedUntil = until };
        }, ct);
    }

    public Task<LicenceReply> ReinstateAsync(LicenceDecisionRequest request, Caller caller, CancellationToken ct) =>
        DecideAsync(request, "", new RequestValidator(), caller, Decisions.Reinstate, LicenceChange.Reinstated,
            (licence, _) => licence with { State = LicenceStates.Active, SuspendedSince = null, SuspendedUntil = null }, ct);

    public Task<LicenceReply> RevokeAsync(LicenceDecisionRequest request, Caller caller, CancellationToken ct) =>
        DecideAsync(request, "", new RequestValidator(), caller, Decisions.Revoke, LicenceChange.Revoked,
            (licence, _) => licence with { State = LicenceStates.Revoked }, ct);

    private async Task<LicenceReply> DecideAsync(
        LicenceDecisionRequest? decision,
        string prefix,
        RequestValidator v,
        Caller caller,
        string kind,
        LicenceChange change,
        Func<LicenceRow, DateOnly, LicenceRow> apply,
        CancellationToken ct)
    {
        if (decision is null)
        {
            v.Fail(prefix.TrimEnd('.'), "is required");
            v.ThrowIfInvalid();
        }

        var id = v.Id(prefix + "licence_id", decision!.LicenceId);
        var expected = v.ExpectedVersion(prefix + "expected_version", decision.ExpectedVersion);
        var reason = v.Required(prefix + "reason", decision.Reason, 2000);
        var legalBasis = v.Required(prefix + "legal_basis", decision.LegalBasis, 500);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var licence = await work.QuerySingleOrDefaultAsync<LicenceRow>(LicenceSql.ById, new { Id = id })
            ?? throw new NotFound("licence", id.ToString());
        if (!caller.IsAuthorityOf(licence.IssuingCountry) && !await LicenceQueries.CanReadAsync(work, licence, caller))
        {
            throw LicensingAccess.Hidden("licence", id);
        }

        LicensingAccess.AuthorityOf(caller, licence.IssuingCountry, "decide on licences issued by " + licence.IssuingCountry);
        if (licence.Version != expected)
        {
            throw new StaleVersion("licence", id.ToString(), expected, licence.Version);
        }

        var changed = await ApplyAsync(work, licence, kind, change, apply, caller.Actor, caller.Country, reason, legalBasis);
        await work.CommitAsync();
        return changed.ToReply(Today(work));
    }

    /// <summary>
    /// Takes a decision inside the caller's transaction: checks the transition against the state on today's date,
    /// updates the licence, appends the history row and writes the event. Used by authorities' RPCs and by the
    /// system (expiry sweep, compliance threshold).
    /// </summary>
    public async Task<LicenceRow> ApplyAsync(
        UnitOfWork work,
        LicenceRow licence,
        string kind,
        LicenceChange change,
        Func<LicenceRow, DateOnly, LicenceRow> apply,
        string actor,
        string? authorityCountry,
        string reason,
        string legalBasis,
        bool fromRecordedState = false)
    {
        // Authorities decide on the state as of today (a licence past its validity is EXPIRED even before the sweep
        // records it); the sweep records exactly those transitions, so it starts from the recorded state.
        var today = Today(work);
        var current = fromRecordedState ? licence.State : LicenceStates.On(licence, today);
        if (!LicenceStates.AllowedFrom[kind].Contains(current))
        {
            throw new PreconditionFailed($"cannot {kind.ToLowerInvariant()} a licence that is {current}", current);
        }

        var changed = apply(licence with { State = current }, today) with { Version = licence.Version + 1 };
        await UpdateAsync(work, changed, licence.Version);
        await InsertDecisionAsync(work, licence, changed, kind, actor, authorityCountry, reason, legalBasis, Decisions.Adverse.Contains(kind));
        work.Publish(changed.ToEvent(change, work.Now));
        return changed;
    }

    internal static async Task UpdateAsync(UnitOfWork work, LicenceRow changed, long expected)
    {
        if (await work.ExecuteAsync(LicenceSql.Update, new DynamicParameters(changed).With("Expected", expected)) == 0)
        {
            throw new StaleVersion("licence", changed.Id.ToString(), expected, expected + 1);
        }
    }

    internal Task InsertDecisionAsync(
        UnitOfWork work, LicenceRow? before, LicenceRow after, string kind, string actor, string? authorityCountry, string reason, string legalBasis, bool appealable) =>
        work.ExecuteAsync(LicenceSql.InsertDecision, new LicenceDecisionRow
        {
            Id = Guid.CreateVersion7(),
            LicenceId = after.Id,
            Kind = kind,
            StateBefore = before is null ? null : LicenceStates.On(before, Today(work)),
            StateAfter = after.State,
            Actor = actor,
            AuthorityCountry = authorityCountry,
            DecidedAt = work.Now,
            Reason = reason,
            LegalBasis = legalBasis,
            AppealDeadline = appealable ? Today(work).AddDays(options.AppealWindowDays) : null,
            StateSnapshot = before is null ? null : JsonSerializer.Serialize(before),
        });

    private static IReadOnlyList<string> Conditions(RequestValidator v, IEnumerable<string> conditions)
    {
        var list = conditions.ToList();
        if (list.Count > 50)
        {
            v.Fail("conditions", "at most 50 conditions");
        }

        return list.Select((c, i) => v.Required($"conditions[{i}]", c, 1000)).ToList();
    }

    public static DateOnly Today(UnitOfWork work) => DateOnly.FromDateTime(work.Now.UtcDateTime);
}

/// <summary>Licence and appeal statements.</summary>
internal static class LicenceSql
{
    public const string Insert = """
        INSERT INTO licences (id, agency_id, kind, number, issuing_country, destination_countries, sectors, valid_from, valid_until,
            bond_currency, bond_amount, conditions, state, suspended_since, suspended_until, version)
        VALUES (@Id, @AgencyId, @Kind, @Number, @IssuingCountry, @DestinationCountries, @Sectors, @ValidFrom, @ValidUntil,
            @BondCurrency, @BondAmount, @Conditions, @State, @SuspendedSince, @SuspendedUntil, @Version)
        """;

    public const string Update = """
        UPDATE licences SET destination_countries = @DestinationCountries, sectors = @Sectors, valid_until = @ValidUntil,
            bond_currency = @BondCurrency, bond_amount = @BondAmount, conditions = @Conditions, state = @State,
            suspended_since = @SuspendedSince, suspended_until = @SuspendedUntil, version = @Version
        WHERE id = @Id AND version = @Expected
        """;

    public const string ById = "SELECT * FROM licences WHERE id = @Id";

    public const string OfAgency = "SELECT * FROM licences WHERE agency_id = @AgencyId ORDER BY issuing_country, number";

    /// <summary>The licences of several agencies (a registry page) in one statement.</summary>
    public static string OfAgencies(SqlDialect dialect) =>
        $"SELECT * FROM licences WHERE agency_id {dialect.InList("@Ids")} ORDER BY issuing_country, number";

    public const string History = "SELECT * FROM licence_decisions WHERE licence_id = @LicenceId ORDER BY decided_at, id";

    public const string DecisionById = "SELECT * FROM licence_decisions WHERE id = @Id";

    public const string LaterStateChanges = """
        SELECT COUNT(*) FROM licence_decisions
        WHERE licence_id = @LicenceId AND decided_at > @DecidedAt AND kind NOT IN ('APPEAL_FILED', 'APPEAL_UPHELD')
        """;

    public const string InsertDecision = """
        INSERT INTO licence_decisions (id, licence_id, kind, state_before, state_after, actor, authority_country, decided_at,
            reason, legal_basis, appeal_deadline, state_snapshot)
        VALUES (@Id, @LicenceId, @Kind, @StateBefore, @StateAfter, @Actor, @AuthorityCountry, @DecidedAt,
            @Reason, @LegalBasis, @AppealDeadline, @StateSnapshot)
        """;

    public const string InsertAppeal = """
        INSERT INTO appeals (id, decision_id, licence_id, state, grounds, filed_by, filed_at, version)
        VALUES (@Id, @DecisionId, @LicenceId, @State, @Grounds, @FiledBy, @FiledAt, @Version)
        """;

    public const string AppealById = "SELECT * FROM appeals WHERE id = @Id";

    public static string DecisionsByIds(SqlDialect dialect) => $"SELECT * FROM licence_decisions WHERE id {dialect.InList("@Ids")}";

    /// <summary>The appeals queue, narrowed only by what is given (a null parameter has no type PostgreSQL can infer).</summary>
    public static string AppealQueue(bool byState, bool byAgency, bool byIssuer) =>
        "SELECT a.*, l.agency_id, g.legal_name AS agency_name, l.number AS licence_number, l.issuing_country FROM appeals a "
        + "JOIN licences l ON l.id = a.licence_id JOIN agencies g ON g.id = l.agency_id WHERE 1 = 1"
        + (byState ? " AND a.state = @State" : "")
        + (byAgency ? " AND l.agency_id = @AgencyId" : "")
        + (byIssuer ? " AND l.issuing_country = @Issuer" : "")
        + " ORDER BY a.filed_at, a.id LIMIT @Limit";

    public const string DecideAppeal = """
        UPDATE appeals SET state = @State, decided_by = @DecidedBy, authority_country = @AuthorityCountry, decided_at = @DecidedAt,
            outcome_reason = @OutcomeReason, outcome_legal_basis = @OutcomeLegalBasis, version = @Version
        WHERE id = @Id AND version = @Expected
        """;
}
