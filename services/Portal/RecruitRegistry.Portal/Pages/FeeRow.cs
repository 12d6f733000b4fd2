using System.Globalization;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.Portal.Pages;

/// <summary>One fee as a worker types it (the fee check's "asked", the report's "paid"): what for, how much, which currency, to whom.</summary>
public sealed class FeeRow
{
    public const int Count = 3;

    public FeeCategory Category { get; set; }

    public string? Amount { get; set; }

    public string? Currency { get; set; }

    public string? Payee { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Amount);

    /// <summary>The rows of a form, as many as it shows (a posted form may bring fewer).</summary>
    public static List<FeeRow> Blank() => [.. Enumerable.Range(0, Count).Select(_ => new FeeRow())];

    /// <summary>The fee as the services take it, or null when its category, amount (digits, more than zero) or currency is wrong.</summary>
    public Fee? ToFee(IReadOnlyList<string> currencies)
    {
        if (!decimal.TryParse(Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0
            || Category == FeeCategory.Unspecified || Currency is null || !currencies.Contains(Currency))
        {
            return null;
        }

        return new Fee
        {
            Category = Category,
            Amount = new Money { CurrencyCode = Currency, Amount = amount.ToString(CultureInfo.InvariantCulture) },
            Payee = Payee?.Trim() ?? "",
        };
    }

    /// <summary>
    /// The fees of a form's filled rows, or null when a filled row is wrong or none is filled: nothing is sent half-read.
    /// </summary>
    public static List<Fee>? Read(IEnumerable<FeeRow> rows, IReadOnlyList<string> currencies)
    {
        var fees = new List<Fee>();
        foreach (var row in rows.Take(Count).Where(r => !r.IsEmpty))
        {
            if (row.ToFee(currencies) is not { } fee)
            {
                return null;
            }

            fees.Add(fee);
        }

        return fees.Count == 0 ? null : fees;
    }

    /// <summary>What the rows partial (_FeeRows) shows: the form field's name, its rows and currencies, and whether it asks to whom.</summary>
    public sealed record View(string Name, IReadOnlyList<FeeRow> Rows, IReadOnlyList<string> Currencies, bool WithPayee);
}
