using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.Platform.Validation;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.FeeAudits.Audits;

/// <summary>
/// CheckFees: a worker, before paying, asks whether the fees an agency wants are legal. The fees are judged exactly as
/// an audit of a contract with those terms would judge them (<see cref="AuditEngine"/>, the corridor's rules and the
/// rates on or before the signing day), and every rule in force for the sector comes back with what it allows, its
/// verdict and its citation. Anonymous (rate limited per client like every anonymous call); nothing is stored.
/// </summary>
internal sealed class FeeChecks(FeeAuditsDatabase database)
{
    public const int MaxFees = 20;
    public const int MaxDurationMonths = 120;

    public async Task<CheckFeesReply> CheckAsync(CheckFeesRequest request, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime);
        var v = new RequestValidator();
        var origin = v.Country("origin_country", request.OriginCountry);
        var destination = v.Country("destination_country", request.DestinationCountry);
        if (origin.Length > 0 && origin == destination)
        {
            v.Fail("destination_country", "must differ from origin_country");
        }

        if (!ProtoEnums.IsSet(request.Sector))
        {
            v.Fail("sector", "name the sector of the job");
        }

        var (wageCurrency, wage) = v.Money("monthly_basic_wage", request.MonthlyBasicWage);
        if (request.MonthlyBasicWage is not null && wage <= 0)
        {
            v.Fail("monthly_basic_wage.amount", "must be more than zero");
        }

        if (request.DurationMonths is < 1 or > MaxDurationMonths)
        {
            v.Fail("duration_months", $"must be between 1 and {MaxDurationMonths}");
        }

        var fees = ReadFees(v, request.Fees);
        var signedOn = request.SignedOn is null ? today : v.Date("signed_on", request.SignedOn);
        if (signedOn > today.AddYears(1))
        {
            v.Fail("signed_on", "must be at most a year from today");
        }

        v.ThrowIfInvalid();
        var terms = new AuditedTerms(ProtoEnums.Name(request.Sector, "SECTOR_"), signedOn, new EventMoney(wageCurrency, wage), request.DurationMonths, fees);

        await using var work = await database.BeginAsync(ct);
        var rows = (await work.QueryAsync<PolicyRow>(AuditSql.Policies, new { Origin = origin, Destination = destination })).ToDictionary(p => p.Id);
        var result = await ContractAuditor.JudgeAsync(work, [.. rows.Values.Select(p => p.ToPolicy())], terms);

        var reply = new CheckFeesReply
        {
            Outcome = Mapping.ToProtoOutcome(result.Outcome.ToString().ToUpperInvariant()),
            DecidingPolicyId = result.DecidingPolicy?.Id.ToString() ?? "",
            UndeterminedReason = result.UndeterminedReason ?? "",
            Findings = { result.Findings.Select(f => f.ToProto()) },
        };
        reply.Rules.AddRange(result.Verdicts.Select(verdict => new CheckedRule
        {
            Policy = rows[verdict.Policy.Id].ToProto(),
            Verdict = verdict.ToStored().ToProto(),
        }));
        return reply;
    }

    private static List<AuditedFee> ReadFees(RequestValidator v, IReadOnlyList<ContractsApi.Fee> fees)
    {
        if (fees.Count > MaxFees)
        {
            v.Fail("fees", $"at most {MaxFees} fees");
            return [];
        }

        var read = new List<AuditedFee>();
        for (var i = 0; i < fees.Count; i++)
        {
            if (!ProtoEnums.IsSet(fees[i].Category))
            {
                v.Fail($"fees[{i}].category", "name the fee's category");
            }

            var (currency, amount) = v.Money($"fees[{i}].amount", fees[i].Amount);
            v.Optional($"fees[{i}].payee", fees[i].Payee);
            read.Add(new AuditedFee(ProtoEnums.IsSet(fees[i].Category) ? ProtoEnums.Name(fees[i].Category, "FEE_CATEGORY_") : "", new EventMoney(currency, amount)));
        }

        return read;
    }
}
