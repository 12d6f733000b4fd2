using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Platform.Tests.Grpc;

/// <summary>Money, countries and dates as the edge validates them (shared/reference/data-model.md).</summary>
public sealed class RequestValidatorTests
{
    [Theory]
    [InlineData("NPR", "10000.00")]
    [InlineData("VND", "15000000")] // no minor unit
    [InlineData("KRW", "2060740")]
    [InlineData("KWD", "120.125")] // three decimals
    [InlineData("BHD", "0.001")]
    [InlineData("QAR", "0")]
    public void Exact_amounts_within_the_currency_minor_unit_are_accepted(string currency, string amount)
    {
        var v = new RequestValidator();
        var (code, value) = v.Money("fee", new Money { CurrencyCode = currency, Amount = amount });
        Assert.True(v.IsValid, string.Join("; ", v.Violations));
        Assert.Equal(currency, code);
        Assert.Equal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("VND", "100.5", "fee.amount")] // VND has no decimals
    [InlineData("JPY", "1.0", "fee.amount")]
    [InlineData("KWD", "1.1234", "fee.amount")]
    [InlineData("NPR", "-5.00", "fee.amount")]
    [InlineData("NPR", "1e5", "fee.amount")]
    [InlineData("NPR", "1,000", "fee.amount")]
    [InlineData("NPR", "NaN", "fee.amount")]
    [InlineData("NPR", "", "fee.amount")]
    [InlineData("XYZ", "1", "fee.currency_code")]
    [InlineData("npr", "1", "fee.currency_code")]
    public void Inexact_negative_or_unknown_money_is_refused_naming_the_field(string currency, string amount, string field)
    {
        var v = new RequestValidator();
        v.Money("fee", new Money { CurrencyCode = currency, Amount = amount });
        Assert.Contains(v.Violations, x => x.Field == field);
        Assert.Throws<ValidationFailed>(v.ThrowIfInvalid);
    }

    [Fact]
    public void Negative_money_is_accepted_only_where_allowed()
    {
        var v = new RequestValidator();
        Assert.Equal(-5m, v.Money("adjustment", new Money { CurrencyCode = "NPR", Amount = "-5" }, allowNegative: true).Amount);
        Assert.True(v.IsValid);
    }

    [Theory]
    [InlineData("NP", true)]
    [InlineData("QA", true)]
    [InlineData("TW", true)]
    [InlineData("np", false)]
    [InlineData("NPL", false)]
    [InlineData("XX", false)]
    [InlineData("UK", false)] // the United Kingdom is GB
    public void Countries_are_ISO_3166_alpha_2_upper_case(string code, bool valid)
    {
        var v = new RequestValidator();
        v.Country("origin_country", code);
        Assert.Equal(valid, v.IsValid);
    }

    [Fact]
    public void Every_violation_is_gathered_before_failing()
    {
        var v = new RequestValidator();
        v.Required("legal_name", " ");
        v.Required("address", new string('x', 201));
        v.Required("reason", "bad\u0000char");
        v.Date("valid_until", new Date { Year = 2026, Month = 2, Day = 30 });
        v.ExpectedVersion("expected_version", 0);
        var error = Assert.Throws<ValidationFailed>(v.ThrowIfInvalid);
        Assert.Equal(["legal_name", "address", "reason", "valid_until", "expected_version"], error.Violations.Select(x => x.Field));
    }
}
