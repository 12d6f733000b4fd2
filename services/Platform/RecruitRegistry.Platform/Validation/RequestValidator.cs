using System.Globalization;
using System.Text.RegularExpressions;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Platform.Errors;

namespace RecruitRegistry.Platform.Validation;

/// <summary>
/// Gathers every violation of one request, named by proto field path, and throws them together as one
/// <see cref="ValidationFailed"/>. The helpers return the parsed value (or a default when invalid), so a
/// validator both checks and converts.
/// </summary>
public sealed partial class RequestValidator
{
    private readonly List<FieldViolation> violations = [];

    public bool IsValid => violations.Count == 0;

    public IReadOnlyList<FieldViolation> Violations => violations;

    public RequestValidator Fail(string field, string description)
    {
        violations.Add(new FieldViolation(field, description));
        return this;
    }

    /// <summary>A required text: not blank, at most maxLength characters, no control characters.</summary>
    public string Required(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail(field, "is required");
            return "";
        }

        return Text(field, value, maxLength);
    }

    /// <summary>An optional text: empty is fine, otherwise as <see cref="Required"/>.</summary>
    public string Optional(string field, string? value, int maxLength = 200) =>
        string.IsNullOrEmpty(value) ? "" : Text(field, value, maxLength);

    private string Text(string field, string value, int maxLength)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Fail(field, $"must be at most {maxLength} characters");
        }
        else if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
        {
            Fail(field, "must not contain control characters");
        }
        else if (TextRules.FirstInvalid(trimmed) is { } problem)
        {
            Fail(field, problem);
        }
        else if (!trimmed.IsNormalized())
        {
            return trimmed.Normalize();
        }

        return trimmed;
    }

    /// <summary>An ISO 3166-1 alpha-2 country code, upper case.</summary>
    public string Country(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Fail(field, "is required (ISO 3166-1 alpha-2)");
            return "";
        }

        if (!IsoCodes.IsCountry(value))
        {
            Fail(field, $"'{Quote(value)}' is not an ISO 3166-1 alpha-2 country code (upper case, e.g. NP)");
            return "";
        }

        return value;
    }

    /// <summary>A known ISO 4217 currency code ("NPR"); empty when it is not one.</summary>
    public string CurrencyCode(string field, string? code)
    {
        if (string.IsNullOrEmpty(code) || IsoCodes.MinorUnit(code) is null)
        {
            Fail(field, $"'{Quote(code)}' is not an ISO 4217 currency code");
            return "";
        }

        return code;
    }

    /// <summary>A UUID in its canonical text form.</summary>
    public Guid Id(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Fail(field, "is required");
            return Guid.Empty;
        }

        if (!Guid.TryParseExact(value, "D", out var id) || id == Guid.Empty)
        {
            Fail(field, $"'{Quote(value)}' is not a UUID");
            return Guid.Empty;
        }

        return id;
    }

    /// <summary>A version the caller last saw: positive.</summary>
    public long ExpectedVersion(string field, long value)
    {
        if (value < 1)
        {
            Fail(field, "must be the version you last read (1 or more)");
        }

        return value;
    }

    /// <summary>
    /// An exact amount: a known ISO 4217 code and a plain decimal string with no more fraction digits than the
    /// currency's minor unit. Negative amounts are refused unless allowed.
    /// </summary>
    public (string Currency, decimal Amount) Money(string field, Money? money, bool allowNegative = false)
    {
        if (money is null)
        {
            Fail(field, "is required");
            return ("", 0m);
        }

        var digits = string.IsNullOrEmpty(money.CurrencyCode) ? null : IsoCodes.MinorUnit(money.CurrencyCode);
        if (digits is null)
        {
            Fail(field + ".currency_code", $"'{Quote(money.CurrencyCode)}' is not an ISO 4217 currency code");
        }

        if (!DecimalPattern().IsMatch(money.Amount)
            || !decimal.TryParse(money.Amount, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            Fail(field + ".amount", $"'{Quote(money.Amount)}' is not an exact decimal amount (e.g. \"1250.50\")");
            return (money.CurrencyCode, 0m);
        }

        if (amount < 0 && !allowNegative)
        {
            Fail(field + ".amount", "must not be negative");
        }

        var scale = money.Amount.Contains('.') ? money.Amount.Length - money.Amount.IndexOf('.') - 1 : 0;
        if (digits is { } minor && scale > minor)
        {
            Fail(field + ".amount", $"{money.CurrencyCode} has {minor} decimal digit(s); '{Quote(money.Amount)}' has {scale}");
        }

        return (money.CurrencyCode, amount);
    }

    /// <summary>A required exact decimal more than zero (an exchange rate, a multiple of the wage), as text ("37.10").</summary>
    public decimal PositiveDecimal(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Fail(field, "is required (an exact decimal, e.g. \"1.5\")");
            return 0m;
        }

        if (!DecimalPattern().IsMatch(value)
            || !decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            Fail(field, $"'{Quote(value)}' is not an exact decimal (e.g. \"1.5\")");
            return 0m;
        }

        if (number <= 0)
        {
            Fail(field, "must be more than zero");
        }

        return number;
    }

    /// <summary>A calendar date, within the years this registry deals in.</summary>
    public DateOnly Date(string field, Date? value, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Fail(field, "is required");
            }

            return default;
        }

        if (value.Year is < 1900 or > 2200 || value.Month is < 1 or > 12 || value.Day < 1
            || value.Day > DateTime.DaysInMonth(Math.Clamp(value.Year, 1, 9999), Math.Clamp(value.Month, 1, 12)))
        {
            Fail(field, $"{value.Year:D4}-{value.Month:D2}-{value.Day:D2} is not a valid date between 1900 and 2200");
            return default;
        }

        return new DateOnly(value.Year, value.Month, value.Day);
    }

    public void ThrowIfInvalid()
    {
        if (violations.Count > 0)
        {
            throw new ValidationFailed(violations);
        }
    }

    /// <summary>A caller's value as an error message may echo it: at most 64 characters, anything unprintable replaced.</summary>
    public static string Quote(string? value) => TextRules.Printable(value ?? "", 64);

    // At most 18 integer digits and 18 fraction digits: well inside decimal's range, no exponent, no separators.
    [GeneratedRegex(@"^-?(0|[1-9][0-9]{0,17})(\.[0-9]{1,18})?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalPattern();
}
