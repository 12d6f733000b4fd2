using RecruitRegistry.FeeAudits.Cases;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.FeeAudits.Audits;

/// <summary>
/// Audits contract terms inside the caller's unit of work: each version of a contract's terms once (a ContractChanged
/// that leaves the terms as they were changes no audit), again only while the audit waits for something (a rate, a
/// policy) and only when the verdict changes. Each new verdict is stored with what it judged, mirrored on the contract
/// replica for reports, published as ContractAudited, and a VIOLATION opens a case (once per terms version).
/// </summary>
internal sealed class ContractAuditor(CaseCommands cases)
{
    /// <summary>
    /// Audits the terms of each snapshot unless that terms version already has an audit (stored, or earlier in the list),
    /// in arrival order. What the whole list needs is read at once — the audits of its contracts, each corridor's policies,
    /// the rates of every currency involved — so a batch of a hundred ContractChanged reads in a handful of round trips.
    /// </summary>
    public async Task AuditNewTermsAsync(UnitOfWork work, IReadOnlyList<(ContractSnapshot Contract, long ContractVersion)> contracts)
    {
        var ids = contracts.Select(c => c.Contract.ContractId).Distinct().ToList();
        var audits = (await work.QueryAsync<AuditRow>(AuditSql.OfContracts(work.Dialect), new { Ids = work.Dialect.Ids(ids) }))
            .ToDictionary(a => (a.ContractId, a.TermsVersion));
        var toAudit = contracts.Where(c => !audits.ContainsKey((c.Contract.ContractId, c.Contract.TermsVersion))).ToList();
        var policies = new Dictionary<(string, string), List<FeePolicy>>();
        foreach (var corridor in toAudit.Select(c => (c.Contract.OriginCountry, c.Contract.DestinationCountry)).Distinct())
        {
            policies[corridor] = await PoliciesAsync(work, corridor.OriginCountry, corridor.DestinationCountry);
        }

        var rates = toAudit.Count == 0 ? RateBook.Empty : await RateBook.ReadAsync(
            work,
            toAudit.SelectMany(c => c.Contract.Fees.Select(f => f.Amount.CurrencyCode).Append(c.Contract.MonthlyBasicWage.CurrencyCode))
                .Concat(policies.Values.SelectMany(p => p.Select(x => x.Currency))),
            toAudit.Max(c => c.Contract.SignedOn));

        var auditedNow = new HashSet<(Guid, int)>();
        foreach (var (contract, contractVersion) in contracts)
        {
            var key = (contract.ContractId, contract.TermsVersion);
            if (audits.TryGetValue(key, out var audited))
            {
                // Audited already. The replica row may be new, though (a lost row restored by a republish): mirror on it.
                if (!auditedNow.Contains(key))
                {
                    await MirrorAsync(work, audited);
                }

                continue;
            }

            var terms = new StoredTerms(contract.Sector, contract.SignedOn, contract.MonthlyBasicWage, contract.DurationMonths,
                contract.Fees.Select(f => new AuditedFee(f.Category, f.Amount)).ToList());
            var result = AuditEngine.Audit(terms.ToAuditedTerms(), policies[(contract.OriginCountry, contract.DestinationCountry)], rates.Lookup);
            var row = ToRow(result, work.Now) with
            {
                ContractId = contract.ContractId,
                TermsVersion = contract.TermsVersion,
                ContractVersion = contractVersion,
                AuditVersion = 1,
                OriginCountry = contract.OriginCountry,
                DestinationCountry = contract.DestinationCountry,
                Terms = Mapping.ToJson(terms),
                TermsFingerprint = contract.TermsFingerprint,
            };
            await work.ExecuteAsync(AuditSql.Insert, row);
            audits[key] = row;
            auditedNow.Add(key);
            await MirrorAsync(work, row);
            await work.PublishAsync(row.ToEvent(work.Now));
            if (result.Outcome == AuditOutcome.Violation)
            {
                // A new audit has no case yet (its case is opened with it, under the audit's key): written, not looked up.
                await cases.OpenForNewViolationAsync(work, row, result, contract);
            }
        }
    }

    /// <summary>Audits again those of <paramref name="audits"/> whose verdict is now different; returns how many.</summary>
    public async Task<int> ReauditAsync(UnitOfWork work, IEnumerable<AuditRow> audits)
    {
        var redone = 0;
        foreach (var audit in audits)
        {
            var terms = Mapping.FromJson<StoredTerms>(audit.Terms);
            var result = await JudgeAsync(work, audit.OriginCountry, audit.DestinationCountry, terms.ToAuditedTerms());
            var row = ToRow(result, work.Now) with
            {
                ContractId = audit.ContractId,
                TermsVersion = audit.TermsVersion,
                ContractVersion = audit.ContractVersion,
                AuditVersion = audit.AuditVersion + 1,
                OriginCountry = audit.OriginCountry,
                DestinationCountry = audit.DestinationCountry,
                Terms = audit.Terms,
                TermsFingerprint = audit.TermsFingerprint,
            };
            if (row.Outcome == audit.Outcome && row.Findings == audit.Findings && row.Verdicts == audit.Verdicts
                && row.UndeterminedReason == audit.UndeterminedReason && row.AwaitingRates == audit.AwaitingRates)
            {
                continue; // still waiting for the same thing: nothing to tell anyone
            }

            await work.ExecuteAsync(AuditSql.Update, row);
            await AfterAuditAsync(work, row, result);
            redone++;
        }

        return redone;
    }

    private async Task AfterAuditAsync(UnitOfWork work, AuditRow row, AuditResult result)
    {
        await MirrorAsync(work, row);
        await work.PublishAsync(row.ToEvent(work.Now));
        if (result.Outcome == AuditOutcome.Violation)
        {
            await cases.OpenForViolationAsync(work, row, result);
        }
    }

    /// <summary>The audit's outcome and excess on the contract replica, for reports (the newest audited terms win).</summary>
    private static async Task MirrorAsync(UnitOfWork work, AuditRow row)
    {
        var (excessCurrency, excessMinor) = row.ExcessCurrency is { } c ? (c, (long?)Mapping.ToMinor(row.ExcessAmount!.Value, c)) : (null, null);
        await work.ExecuteAsync(AuditSql.MirrorOnReplica, new
        {
            row.ContractId, row.TermsVersion, row.Outcome, ExcessCurrency = excessCurrency, ExcessMinor = excessMinor,
        });
    }

    /// <summary>The verdict of the corridor's policies on the terms, with the rates on or before the signing date.</summary>
    public static async Task<AuditResult> JudgeAsync(UnitOfWork work, string origin, string destination, AuditedTerms terms)
    {
        var policies = await PoliciesAsync(work, origin, destination);
        var rates = await RateBook.ReadAsync(
            work, terms.Fees.Select(f => f.Amount.CurrencyCode).Append(terms.MonthlyBasicWage.CurrencyCode).Concat(policies.Select(p => p.Currency)), terms.SignedOn);
        return AuditEngine.Audit(terms, policies, rates.Lookup);
    }

    /// <summary>The corridor's policies, as this transaction sees them (one read per corridor and audited batch).</summary>
    private static async Task<List<FeePolicy>> PoliciesAsync(UnitOfWork work, string origin, string destination) =>
        (await work.QueryAsync<PolicyRow>(AuditSql.Policies, new { Origin = origin, Destination = destination }))
            .Select(p => p.ToPolicy()).ToList();

    private static AuditRow ToRow(AuditResult result, DateTimeOffset now)
    {
        var excess = result.Outcome == AuditOutcome.Violation ? Excess(result) : null;
        return new AuditRow
        {
            Outcome = result.Outcome.ToString().ToUpperInvariant(),
            DecidingPolicyId = result.DecidingPolicy?.Id,
            Findings = Mapping.ToJson(result.Findings),
            Verdicts = Mapping.ToJson(result.Verdicts.Select(v => new StoredVerdict(
                v.Policy.Id, v.Policy.JurisdictionCountry, v.Policy.LegalReference, v.Outcome.ToString().ToUpperInvariant(), v.Findings, v.UndeterminedReason))),
            UndeterminedReason = result.UndeterminedReason,
            AwaitingRates = result.AwaitingRates,
            ExcessCurrency = excess?.CurrencyCode,
            ExcessAmount = excess?.Amount,
            AuditedAt = now,
        };
    }

    /// <summary>
    /// The excess the deciding rule found, in its currency. A zero-fee finding without a rate is stated as charged; until
    /// the rate arrives (and the audit is redone) only the part in the rule's currency counts.
    /// </summary>
    public static EventMoney? Excess(AuditResult result)
    {
        var currency = result.DecidingPolicy?.Currency;
        var byCurrency = result.Findings.GroupBy(f => f.Excess.CurrencyCode).ToList();
        var group = byCurrency.Count == 1 ? byCurrency[0] : byCurrency.FirstOrDefault(g => g.Key == currency);
        return group is null ? null : new EventMoney(group.Key, group.Sum(f => f.Excess.Amount));
    }
}

/// <summary>
/// The exchange rates between a set of currencies dated on or before a day, read in one statement; answers for any
/// signing day up to that one the newest rate on or before it (a batch of contracts signed on different days shares it).
/// </summary>
internal sealed class RateBook
{
    public static readonly RateBook Empty = new([]);

    private readonly Dictionary<(string Base, string Quote), List<RateRow>> byPair;

    private RateBook(IEnumerable<RateRow> rows) =>
        byPair = rows.GroupBy(r => (r.BaseCurrency, r.QuoteCurrency)).ToDictionary(g => g.Key, g => g.OrderBy(r => r.OnDate).ToList());

    public static async Task<RateBook> ReadAsync(UnitOfWork work, IEnumerable<string> currencies, DateOnly onOrBefore) =>
        new(await work.QueryAsync<RateRow>(AuditSql.Rates(work.Dialect), new { Currencies = currencies.Distinct().ToList(), SignedOn = onOrBefore }));

    /// <summary>The newest rate of the pair on or before the day, or null.</summary>
    public ExchangeRateOnDate? Lookup(string baseCurrency, string quoteCurrency, DateOnly onOrBefore)
    {
        if (!byPair.TryGetValue((baseCurrency, quoteCurrency), out var rows))
        {
            return null;
        }

        var found = rows.LastOrDefault(r => r.OnDate <= onOrBefore);
        return found is null ? null : new ExchangeRateOnDate(found.Rate, found.OnDate);
    }

    private sealed record RateRow
    {
        public string BaseCurrency { get; init; } = "";
        public string QuoteCurrency { get; init; } = "";
        public DateOnly OnDate { get; init; }
        public decimal Rate { get; init; }
    }
}

/// <summary>Audit statements.</summary>
internal static class AuditSql
{
    public const string Policies = "SELECT * FROM fee_policies WHERE origin_country = @Origin AND destination_country = @Destination";

    public static string Rates(SqlDialect dialect) => $"""
        SELECT base_currency, quote_currency, on_date, rate FROM exchange_rates
        WHERE on_date <= @SignedOn AND base_currency {dialect.InList("@Currencies")} AND quote_currency {dialect.InList("@Currencies")}
        """;

    public const string Insert = """
        INSERT INTO audits (contract_id, terms_version, contract_version, audit_version, origin_country, destination_country, terms,
            terms_fingerprint, outcome, deciding_policy_id, findings, verdicts, undetermined_reason, awaiting_rates, excess_currency,
            excess_amount, audited_at)
        VALUES (@ContractId, @TermsVersion, @ContractVersion, @AuditVersion, @OriginCountry, @DestinationCountry, @Terms,
            @TermsFingerprint, @Outcome, @DecidingPolicyId, @Findings, @Verdicts, @UndeterminedReason, @AwaitingRates, @ExcessCurrency,
            @ExcessAmount, @AuditedAt)
        """;

    public const string Update = """
        UPDATE audits SET audit_version = @AuditVersion, outcome = @Outcome, deciding_policy_id = @DecidingPolicyId, findings = @Findings,
            verdicts = @Verdicts, undetermined_reason = @UndeterminedReason, awaiting_rates = @AwaitingRates,
            excess_currency = @ExcessCurrency, excess_amount = @ExcessAmount, audited_at = @AuditedAt
        WHERE contract_id = @ContractId AND terms_version = @TermsVersion
        """;

    // The replica shows the verdict on its newest audited terms.
    public const string MirrorOnReplica = """
        UPDATE contract_replicas SET audit_terms_version = @TermsVersion, audit_outcome = @Outcome,
            excess_currency = @ExcessCurrency, excess_minor = @ExcessMinor
        WHERE id = @ContractId AND (audit_terms_version IS NULL OR audit_terms_version <= @TermsVersion)
        """;

    public const string UndeterminedAwaitingRates = "SELECT * FROM audits WHERE awaiting_rates AND outcome = 'UNDETERMINED'";

    public const string UndeterminedInCorridor = """
        SELECT * FROM audits WHERE outcome = 'UNDETERMINED' AND origin_country = @Origin AND destination_country = @Destination
        """;

    public const string ByTerms = "SELECT * FROM audits WHERE contract_id = @ContractId AND terms_version = @TermsVersion";

    public static string OfContracts(SqlDialect dialect) => $"SELECT * FROM audits WHERE contract_id {dialect.InList("@Ids")}";

    public const string Newest = "SELECT * FROM audits WHERE contract_id = @ContractId ORDER BY terms_version DESC LIMIT 1";
}
