using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.WorkerContracts.Model;

/// <summary>
/// The terms fingerprint: SHA-256 over the canonical form of the terms and fees (docs/terms-fingerprint.md, with a test
/// vector). Equal terms give equal fingerprints whatever order the fees came in or how the amounts were written; any
/// change to a term or a fee gives another. The worker sees its first 40 bits as "XXXX-XXXX".
/// </summary>
internal static class TermsFingerprint
{
    public const string FormatLine = "recruitregistry-terms/1";

    public static string Of(ContractTerms terms) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalForm(terms))));

    /// <summary>The short code printed for the worker: the first 8 base-32 characters (40 bits) of the hash.</summary>
    public static string Code(string fingerprint) => Base32.Grouped(Base32.FromBits(Convert.FromHexString(fingerprint), 8));

    /// <summary>
    /// One "name=value" line per term, in this fixed order, each ending in a line feed: text trimmed and NFC-normalized
    /// with backslash, line feed and tab escaped as \\, \n, \t; dates yyyy-MM-dd; money "CUR amount" with exactly the
    /// currency's minor-unit digits; whole numbers plain; the overtime rate without trailing zeros; booleans true/false.
    /// Then one "fee=CATEGORY|CUR amount|payee" line per fee, sorted by ordinal comparison of the lines.
    /// </summary>
    public static string CanonicalForm(ContractTerms t)
    {
        var text = new StringBuilder();
        Line("format", FormatLine);
        Line("employer.name", Text(t.EmployerName));
        Line("employer.country", t.EmployerCountry);
        Line("employer.registration_id", Text(t.EmployerRegistrationId));
        Line("job.title", Text(t.JobTitle));
        Line("job.sector", t.Sector);
        Line("job.isco08_code", t.Isco08Code);
        Line("job.work_location", Text(t.WorkLocation));
        Line("terms.signed_on", Date(t.SignedOn));
        Line("terms.start_date", Date(t.StartDate));
        Line("terms.monthly_basic_wage", Money(t.MonthlyBasicWage));
        Line("terms.hours_per_week", Whole(t.HoursPerWeek));
        Line("terms.rest_days_per_week", Whole(t.RestDaysPerWeek));
        Line("terms.duration_months", Whole(t.DurationMonths));
        Line("terms.annual_leave_days", Whole(t.AnnualLeaveDays));
        Line("terms.overtime_rate", Decimal(t.OvertimeRate));
        Line("terms.accommodation_provided", Bool(t.AccommodationProvided));
        Line("terms.food_provided", Bool(t.FoodProvided));
        Line("terms.transport_provided", Bool(t.TransportProvided));
        Line("terms.return_ticket_paid_by_employer", Bool(t.ReturnTicketPaidByEmployer));
        foreach (var fee in t.Fees.Select(f => $"{f.Category}|{Money(f.Amount)}|{Text(f.Payee)}").Order(StringComparer.Ordinal))
        {
            Line("fee", fee);
        }

        return text.ToString();

        void Line(string name, string value) => text.Append(name).Append('=').Append(value).Append('\n');
    }

    public static string Money(Amount amount) =>
        amount.Currency + " " + decimal.Round(amount.Value, IsoCodes.MinorUnit(amount.Currency) ?? 2)
            .ToString("F" + (IsoCodes.MinorUnit(amount.Currency) ?? 2).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Decimal(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Text(string value) => value.Trim().Normalize(NormalizationForm.FormC)
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\t", "\\t", StringComparison.Ordinal);
}
