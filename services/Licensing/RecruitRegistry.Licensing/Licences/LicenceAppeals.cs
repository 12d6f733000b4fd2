using System.Text.Json;
using Dapper;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Licensing.Access;
using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Licensing.Licences;

/// <summary>
/// Appeals against adverse licence decisions: filed by the agency within the decision's window, decided by the issuing
/// authority. An overturned decision restores the licence as the decision's history row recorded it, unless later
/// decisions changed the licence since.
/// </summary>
internal sealed class LicenceAppeals(LicensingDatabase database, LicenceCommands licences)
{
    public async Task<Appeal> FileAppealAsync(FileAppealRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var decisionId = v.Id("decision_id", request.DecisionId);
        var grounds = v.Required("grounds", request.Grounds, 5000);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var decision = await work.QuerySingleOrDefaultAsync<LicenceDecisionRow>(LicenceSql.DecisionById, new { Id = decisionId })
            ?? throw new NotFound("decision", decisionId.ToString());
        var licence = await work.QuerySingleOrDefaultAsync<LicenceRow>(LicenceSql.ById, new { Id = decision.LicenceId })
            ?? throw new NotFound("licence", decision.LicenceId.ToString());
        if (!caller.IsAgency(licence.AgencyId))
        {
            throw await LicenceQueries.CanReadAsync(work, licence, caller)
                ? new Forbidden("only the agency holding the licence may appeal its decisions")
                : LicensingAccess.Hidden("decision", decisionId);
        }

        if (!Decisions.Adverse.Contains(decision.Kind) || decision.AppealDeadline is null)
        {
            throw new PreconditionFailed($"a {decision.Kind} decision cannot be appealed; adverse decisions (suspend, revoke, amend) can", decision.Kind);
        }

        var today = LicenceCommands.Today(work);
        if (today > decision.AppealDeadline)
        {
            throw new PreconditionFailed($"the appeal window closed on {decision.AppealDeadline:yyyy-MM-dd}", "APPEAL_WINDOW_CLOSED");
        }

        var appeal = new AppealRow
        {
            Id = Guid.CreateVersion7(),
            DecisionId = decision.Id,
            LicenceId = licence.Id,
            State = "FILED",
            Grounds = grounds,
            FiledBy = caller.Actor,
            FiledAt = work.Now,
            Version = 1,
        };
        try
        {
            await work.ExecuteAsync(LicenceSql.InsertAppeal, appeal);
        }
        catch (Exception ex) when (SqlDialect.IsUniqueViolation(ex))
        {
            throw new AlreadyExists("appeal against decision", decision.Id.ToString());
        }

        var current = LicenceStates.On(licence, today);
        await work.ExecuteAsync(LicenceSql.InsertDecision, new LicenceDecisionRow
        {
            Id = Guid.CreateVersion7(),
            LicenceId = licence.Id,
            Kind = Decisions.AppealFiled,
            StateBefore = current,
            StateAfter = current,
            Actor = caller.Actor,
            DecidedAt = work.Now,
            Reason = grounds,
            LegalBasis = $"appeal against decision {decision.Id} ({decision.Kind})",
        });
        await work.CommitAsync();
        return ToReply(appeal);
    }

    public async Task<Appeal> DecideAppealAsync(DecideAppealRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var appealId = v.Id("appeal_id", request.AppealId);
        if (request.Outcome is not (AppealState.Upheld or AppealState.Overturned))
        {
            v.Fail("outcome", "must be UPHELD or OVERTURNED");
        }

        var reason = v.Required("reason", request.Reason, 2000);
        var legalBasis = v.Required("legal_basis", request.LegalBasis, 500);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var appeal = await work.QuerySingleOrDefaultAsync<AppealRow>(LicenceSql.AppealById, new { Id = appealId })
            ?? throw new NotFound("appeal", appealId.ToString());
        var licence = await work.QuerySingleOrDefaultAsync<LicenceRow>(LicenceSql.ById, new { Id = appeal.LicenceId })
            ?? throw new NotFound("licence", appeal.LicenceId.ToString());
        if (!caller.IsAuthorityOf(licence.IssuingCountry) && !await LicenceQueries.CanReadAsync(work, licence, caller))
        {
            throw LicensingAccess.Hidden("appeal", appealId);
        }

        LicensingAccess.AuthorityOf(caller, licence.IssuingCountry, "decide appeals on licences issued by " + licence.IssuingCountry);
        if (appeal.State != "FILED")
        {
            throw new PreconditionFailed($"the appeal was already decided: {appeal.State}", appeal.State);
        }

        var decision = (await work.QuerySingleOrDefaultAsync<LicenceDecisionRow>(LicenceSql.DecisionById, new { Id = appeal.DecisionId }))!;
        if (request.Outcome == AppealState.Overturned)
        {
            var later = await work.ExecuteScalarAsync<long>(LicenceSql.LaterStateChanges, new { LicenceId = licence.Id, decision.DecidedAt });
            if (later > 0)
            {
                throw new PreconditionFailed("later decisions changed this licence since the appealed one; decide on those first", licence.State);
            }

            var before = JsonSerializer.Deserialize<LicenceRow>(decision.StateSnapshot!)!;
            var restored = licence with
            {
                State = before.State,
                SuspendedSince = before.SuspendedSince,
                SuspendedUntil = before.SuspendedUntil,
                DestinationCountries = before.DestinationCountries,
                Sectors = before.Sectors,
                Conditions = before.Conditions,
                BondCurrency = before.BondCurrency,
                BondAmount = before.BondAmount,
                Version = licence.Version + 1,
            };
            await LicenceCommands.UpdateAsync(work, restored, licence.Version);
            await licences.InsertDecisionAsync(work, licence, restored, Decisions.AppealOverturned, caller.Actor, caller.Country, reason, legalBasis, appealable: false);
            work.Publish(restored.ToEvent(LicenceChange.AppealOverturned, work.Now));
        }
        else
        {
            await licences.InsertDecisionAsync(work, licence, licence, Decisions.AppealUpheld, caller.Actor, caller.Country, reason, legalBasis, appealable: false);
        }

        var decided = appeal with
        {
            State = request.Outcome == AppealState.Overturned ? "OVERTURNED" : "UPHELD",
            DecidedBy = caller.Actor,
            AuthorityCountry = caller.Country,
            DecidedAt = work.Now,
            OutcomeReason = reason,
            OutcomeLegalBasis = legalBasis,
            Version = appeal.Version + 1,
        };
        await work.ExecuteAsync(LicenceSql.DecideAppeal, new DynamicParameters(decided).With("Expected", appeal.Version));
        await work.CommitAsync();
        return ToReply(decided);
    }

    /// <summary>The most appeals one listing answers: a queue is narrowed by state or agency, not paged.</summary>
    public const int MaxListed = 200;

    /// <summary>
    /// The appeals queue, oldest first: an authority's appeals against decisions on the licences its country issued, an
    /// agency's own. Auditors decide no licence appeal and see none.
    /// </summary>
    public async Task<ListAppealsReply> ListAsync(ListAppealsRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var state = request.State == AppealState.Unspecified ? null : ProtoNames.IsSet(request.State) ? ProtoEnums.Name(request.State, "APPEAL_STATE_") : null;
        if (request.State != AppealState.Unspecified && state is null)
        {
            v.Fail("state", "is not an appeal state");
        }

        Guid? agencyId = string.IsNullOrEmpty(request.AgencyId) ? null : v.Id("agency_id", request.AgencyId);
        v.ThrowIfInvalid();
        string? issuer = null;
        switch (caller.Role)
        {
            case CallerRole.Authority:
                issuer = caller.Country;
                break;
            case CallerRole.Agency when agencyId is null || agencyId == caller.AgencyId:
                agencyId = caller.AgencyId;
                break;
            case CallerRole.Agency:
                throw new Forbidden("an agency lists its own appeals only");
            default:
                throw new Forbidden("only authorities and agencies list licence appeals");
        }

        await using var work = await database.BeginAsync(ct);
        var rows = (await work.QueryAsync<QueuedAppealRow>(LicenceSql.AppealQueue(state is not null, agencyId is not null, issuer is not null), new { State = state, AgencyId = agencyId, Issuer = issuer, Limit = MaxListed })).ToList();
        var decisions = (await work.QueryAsync<LicenceDecisionRow>(LicenceSql.DecisionsByIds(work.Dialect), new { Ids = work.Dialect.Ids(rows.Select(r => r.DecisionId)) }))
            .ToDictionary(d => d.Id);
        var rules = await AppealRules.OfAsync(work, rows.Select(r => r.IssuingCountry));
        var reply = new ListAppealsReply();
        foreach (var row in rows)
        {
            var decision = decisions[row.DecisionId].ToReply();
            var rule = rules.GetValueOrDefault(row.IssuingCountry);
            reply.Appeals.Add(new QueuedAppeal
            {
                Appeal = ToReply(row),
                AgencyId = row.AgencyId.ToString(),
                AgencyName = row.AgencyName,
                LicenceNumber = row.LicenceNumber,
                DecisionKind = decision.Kind,
                Decision = decision.Metadata,
                DecideBy = rule?.DecideBy(row.FiledAt).ToDate(),
                DecideByLegalReference = rule?.LegalReference ?? "",
            });
        }

        return reply;
    }

    private static Appeal ToReply(AppealRow row) => new()
    {
        Id = row.Id.ToString(),
        DecisionId = row.DecisionId.ToString(),
        LicenceId = row.LicenceId.ToString(),
        State = ProtoNames.Parse<AppealState>(row.State, "APPEAL_STATE_"),
        Grounds = row.Grounds,
        FiledBy = row.FiledBy,
        FiledAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(row.FiledAt),
        Outcome = row.DecidedAt is null ? null : new Contracts.Common.V1.DecisionMetadata
        {
            Actor = row.DecidedBy ?? "",
            AuthorityCountry = row.AuthorityCountry ?? "",
            DecidedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(row.DecidedAt.Value),
            Reason = row.OutcomeReason ?? "",
            LegalBasis = row.OutcomeLegalBasis ?? "",
        },
    };
}

/// <summary>An appeal with its licence's agency and number, as the queue reads it.</summary>
internal sealed record QueuedAppealRow : AppealRow
{
    public Guid AgencyId { get; init; }
    public string AgencyName { get; init; } = "";
    public string LicenceNumber { get; init; } = "";
    public string IssuingCountry { get; init; } = "";
}
