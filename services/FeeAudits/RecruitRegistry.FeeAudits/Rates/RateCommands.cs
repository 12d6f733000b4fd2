using System.Globalization;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.FeeAudits.Audits;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Rates;

/// <summary>
/// Exchange rates set by auditors: quote units per one base unit from a day on (a second rate for the same pair and day
/// corrects the first). The UNDETERMINED audits that waited for a rate of this pair (a fee or the wage in one of its
/// currencies) are tried again in the same transaction, so a rate and the audits it settles commit together. An audit
/// that reached a verdict is never redone by a rate: changes never re-audit what was audited.
/// </summary>
internal sealed class RateCommands(FeeAuditsDatabase database, ContractAuditor auditor)
{
    public async Task<SetExchangeRateReply> SetAsync(SetExchangeRateRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var r = request.Rate;
        if (r is null)
        {
            v.Fail("rate", "is required").ThrowIfInvalid();
        }

        var baseCurrency = v.CurrencyCode("rate.base_currency", r!.BaseCurrency);
        var quoteCurrency = v.CurrencyCode("rate.quote_currency", r.QuoteCurrency);
        if (baseCurrency != "" && baseCurrency == quoteCurrency)
        {
            v.Fail("rate.quote_currency", "must differ from base_currency");
        }

        var rate = v.PositiveDecimal("rate.rate", r.Rate);
        var onDate = v.Date("rate.on_date", r.OnDate);
        var source = v.Required("rate.source", r.Source, 500);
        v.ThrowIfInvalid();
        FeeAuditsAccess.SetRate(caller, baseCurrency, quoteCurrency);

        await using var work = await database.BeginAsync(ct);
        await work.ExecuteAsync(RateSql.Upsert, new
        {
            BaseCurrency = baseCurrency, QuoteCurrency = quoteCurrency, OnDate = onDate, Rate = rate, Source = source, SetBy = caller.Actor, SetAt = work.Now,
        });
        var waiting = (await work.QueryAsync<AuditRow>(AuditSql.UndeterminedAwaitingRates))
            .Where(a => Mapping.FromJson<StoredTerms>(a.Terms).Currencies().Any(c => c == baseCurrency || c == quoteCurrency));
        var redone = await auditor.ReauditAsync(work, waiting);
        await work.CommitAsync();
        return new SetExchangeRateReply
        {
            Rate = new ExchangeRate
            {
                BaseCurrency = baseCurrency, QuoteCurrency = quoteCurrency, Rate = rate.ToString(CultureInfo.InvariantCulture),
                OnDate = onDate.ToDate(), Source = source, SetBy = caller.Actor,
            },
            AuditsRedone = redone,
        };
    }

    /// <summary>The rates held, newest day first: what every audit converts with. Authorities and auditors read them.</summary>
    public async Task<ListExchangeRatesReply> ListAsync(ListExchangeRatesRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var currency = string.IsNullOrEmpty(request.Currency) ? "" : v.CurrencyCode("currency", request.Currency);
        v.ThrowIfInvalid();
        if (caller.Role is not (CallerRole.Authority or CallerRole.Auditor))
        {
            throw new Platform.Errors.Forbidden("authorities and auditors read the exchange rates");
        }

        await using var work = await database.BeginAsync(ct);
        var rows = await work.QueryAsync<RateRow>(RateSql.List(currency.Length > 0), new { Currency = currency, Limit = RateSql.MaxListed });
        return new ListExchangeRatesReply
        {
            Rates =
            {
                rows.Select(r => new ExchangeRate
                {
                    BaseCurrency = r.BaseCurrency, QuoteCurrency = r.QuoteCurrency, Rate = r.Rate.ToString(CultureInfo.InvariantCulture),
                    OnDate = r.OnDate.ToDate(), Source = r.Source, SetBy = r.SetBy,
                }),
            },
        };
    }

    private sealed record RateRow
    {
        public string BaseCurrency { get; init; } = "";
        public string QuoteCurrency { get; init; } = "";
        public DateOnly OnDate { get; init; }
        public decimal Rate { get; init; }
        public string Source { get; init; } = "";
        public string SetBy { get; init; } = "";
    }
}

internal static class RateSql
{
    /// <summary>The most rates one listing answers.</summary>
    public const int MaxListed = 200;

    public static string List(bool ofCurrency) =>
        "SELECT base_currency, quote_currency, on_date, rate, source, set_by FROM exchange_rates"
        + (ofCurrency ? " WHERE base_currency = @Currency OR quote_currency = @Currency" : "")
        + " ORDER BY on_date DESC, base_currency, quote_currency LIMIT @Limit";

    public const string Upsert = """
        INSERT INTO exchange_rates (base_currency, quote_currency, on_date, rate, source, set_by, set_at)
        VALUES (@BaseCurrency, @QuoteCurrency, @OnDate, @Rate, @Source, @SetBy, @SetAt)
        ON CONFLICT (base_currency, quote_currency, on_date) DO UPDATE SET rate = excluded.rate, source = excluded.source,
            set_by = excluded.set_by, set_at = excluded.set_at
        """;
}
