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
internal sealed class ContractAuditor(CaseOpenings cases)
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

        var fresh = new List<(AuditRow Row, AuditResult Result, ContractSnapshot Contract)>();
        var mirrored = new List<AuditRow>();
        foreach (var (contract, contractVersion) in contracts)
        {
            if (audits.TryGetValue((contract.ContractId, contract.TermsVersion), out var audited))
            {
                // Audited already. The replica row may be new, though (a lost row restored by a republish): mirror on it.
                mirrored.Add(audited);
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
            audits[(contract.ContractId, contract.TermsVersion)] = row;
            fresh.Add((row, result, contract));
            mirrored.Add(row);
        }

        await work.ExecuteForRowsAsync(AuditSql.Insert, fresh.Select(a => a.Row).ToList());
        await MirrorAsync(work, mirrored);
        foreach (var (row, _, _) in fresh)
        {
            work.Publish(row.ToEvent(work.Now));
            FeeAuditsMetrics.Audited(work, row.Outcome);
        }

        // A new audit has no case yet (its case is opened with it, under the audit's key): written, not looked up.
        await cases.OpenForNewViolationsAsync(work, fresh.Where(a => a.Result.Outcome == AuditOutcome.Violation).ToList());
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
            await MirrorAsync(work, [row]);
            work.Publish(row.ToEvent(work.Now));
            FeeAuditsMetrics.Audited(work, row.Outcome);
            if (result.Outcome == AuditOutcome.Violation)
            {
                await cases.OpenForViolationAsync(work, row, result);
            }

            redone++;
        }

        return redone;
    }

    /// <summary>
    /// The audits' outcomes and excess on the contract replicas, for reports: each replica shows the verdict on its newest
    /// audited terms, so of several audits of one contract only the newest terms' counts.
    /// </summary>
    private static Task MirrorAsync(UnitOfWork work, IEnumerable<AuditRow> audits) =>
        work.ExecuteForRowsAsync(AuditSql.MirrorOnReplica, audits
            .GroupBy(a => a.ContractId, (_, ofContract) => ofContract.MaxBy(a => a.TermsVersion)!)
            .Select(a => new
            {
                a.ContractId, a.TermsVersion, a.Outcome, a.ExcessCurrency,
                ExcessMinor = a.ExcessCurrency is { } c ? Mapping.ToMinor(a.ExcessAmount!.Value, c) : (long?)null,
            })
            .ToList());

    /// <summary>The verdict of the corridor's policies on the terms, with the rates on or before the signing date.</summary>
    public static async Task<AuditResult> JudgeAsync(UnitOfWork work, string origin, string destination, AuditedTerms terms) =>
        await JudgeAsync(work, await PoliciesAsync(work, origin, destination), terms);

    /// <summary>The verdict of <paramref name="policies"/> on the terms, with the rates on or before the signing date.</summary>
    public static async Task<AuditResult> JudgeAsync(UnitOfWork work, IReadOnlyList<FeePolicy> policies, AuditedTerms terms)
    {
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
            Verdicts = Mapping.ToJson(result.Verdicts.Select(v => v.ToStored())),
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

    public static readonly RowsStatement Insert = new("""
        INSERT INTO audits (contract_id, terms_version, contract_version, audit_version, origin_country, destination_country, terms,
            terms_fingerprint, outcome, deciding_policy_id, findings, verdicts, undetermined_reason, awaiting_rates, excess_currency,
            excess_amount, audited_at)
        VALUES (@ContractId, @TermsVersion, @ContractVersion, @AuditVersion, @OriginCountry, @DestinationCountry, @Terms,
            @TermsFingerprint, @Outcome, @DecidingPolicyId, @Findings, @Verdicts, @UndeterminedReason, @AwaitingRates, @ExcessCurrency,
            @ExcessAmount, @AuditedAt)
        """, $"INSERT INTO audits SELECT * FROM {RowsStatement.Rows("audits")}");

    public const string Update = """
        UPDATE audits SET audit_version = @AuditVersion, outcome = @Outcome, deciding_policy_id = @DecidingPolicyId, findings = @Findings,
            verdicts = @Verdicts, undetermined_reason = @UndeterminedReason, awaiting_rates = @AwaitingRates,
            excess_currency = @ExcessCurrency, excess_amount = @ExcessAmount, audited_at = @AuditedAt
        WHERE contract_id = @ContractId AND terms_version = @TermsVersion
        """;

    // The replica shows the verdict on its newest audited terms (one row per contract, as MirrorAsync gives them).
    public static readonly RowsStatement MirrorOnReplica = new(
        """
        UPDATE contract_replicas SET audit_terms_version = @TermsVersion, audit_outcome = @Outcome,
            excess_currency = @ExcessCurrency, excess_minor = @ExcessMinor
        WHERE id = @ContractId AND (audit_terms_version IS NULL OR audit_terms_version <= @TermsVersion)
        """,
        """
        UPDATE contract_replicas AS c SET audit_terms_version = r.terms_version, audit_outcome = r.outcome,
            excess_currency = r.excess_currency, excess_minor = r.excess_minor
        FROM jsonb_to_recordset(@Rows::jsonb) AS r (contract_id uuid, terms_version integer, outcome text, excess_currency text, excess_minor bigint)
        WHERE c.id = r.contract_id AND (c.audit_terms_version IS NULL OR c.audit_terms_version <= r.terms_version)
        """);

    public const string UndeterminedAwaitingRates = "SELECT * FROM audits WHERE awaiting_rates AND outcome = 'UNDETERMINED'";

    public const string UndeterminedInCorridor = """
        SELECT * FROM audits WHERE outcome = 'UNDETERMINED' AND origin_country = @Origin AND destination_country = @Destination
        """;

    public const string ByTerms = "SELECT * FROM audits WHERE contract_id = @ContractId AND terms_version = @TermsVersion";

    public static string OfContracts(SqlDialect dialect) => $"SELECT * FROM audits WHERE contract_id {dialect.InList("@Ids")}";

    public const string Newest = "SELECT * FROM audits WHERE contract_id = @ContractId ORDER BY terms_version DESC LIMIT 1";
}
