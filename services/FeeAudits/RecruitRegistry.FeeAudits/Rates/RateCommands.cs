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
}

internal static class RateSql
{
    public const string Upsert = """
        INSERT INTO exchange_rates (base_currency, quote_currency, on_date, rate, source, set_by, set_at)
        VALUES (@BaseCurrency, @QuoteCurrency, @OnDate, @Rate, @Source, @SetBy, @SetAt)
        ON CONFLICT (base_currency, quote_currency, on_date) DO UPDATE SET rate = excluded.rate, source = excluded.source,
            set_by = excluded.set_by, set_at = excluded.set_at
        """;
}
