using System.Globalization;
using RecruitRegistry.WorkerContracts.Model;
using EventDifference = RecruitRegistry.IntegrationEvents.WorkerContracts.TermDifference;

namespace RecruitRegistry.WorkerContracts.Verification;

/// <summary>Field-by-field comparison of registered terms with those handed over abroad, in words a worker can read.</summary>
internal static class TermsComparison
{
    public static List<EventDifference> Differences(ContractTerms registered, ContractTerms offered, bool compareFees)
    {
        var differences = new List<EventDifference>();
        Compare("terms.employer.name", registered.EmployerName, offered.EmployerName, text: true);
        Compare("terms.employer.country", registered.EmployerCountry, offered.EmployerCountry);
        if (offered.EmployerRegistrationId.Length > 0)
        {
            Compare("terms.employer.registration_id", registered.EmployerRegistrationId, offered.EmployerRegistrationId, text: true);
        }

        Compare("terms.job.title", registered.JobTitle, offered.JobTitle, text: true);
        Compare("terms.job.sector", registered.Sector, offered.Sector);
        if (offered.Isco08Code.Length > 0)
        {
            Compare("terms.job.isco08_code", registered.Isco08Code, offered.Isco08Code);
        }

        Compare("terms.job.work_location", registered.WorkLocation, offered.WorkLocation, text: true);
        Compare("terms.monthly_basic_wage", TermsFingerprint.Money(registered.MonthlyBasicWage), TermsFingerprint.Money(offered.MonthlyBasicWage));
        Compare("terms.hours_per_week", Whole(registered.HoursPerWeek), Whole(offered.HoursPerWeek));
        Compare("terms.rest_days_per_week", Whole(registered.RestDaysPerWeek), Whole(offered.RestDaysPerWeek));
        Compare("terms.duration_months", Whole(registered.DurationMonths), Whole(offered.DurationMonths));
        Compare("terms.start_date", TermsFingerprint.Date(registered.StartDate), TermsFingerprint.Date(offered.StartDate));
        Compare("terms.annual_leave_days", Whole(registered.AnnualLeaveDays), Whole(offered.AnnualLeaveDays));
        Compare("terms.overtime_rate", TermsFingerprint.Decimal(registered.OvertimeRate), TermsFingerprint.Decimal(offered.OvertimeRate));
        Compare("terms.accommodation_provided", YesNo(registered.AccommodationProvided), YesNo(offered.AccommodationProvided));
        Compare("terms.food_provided", YesNo(registered.FoodProvided), YesNo(offered.FoodProvided));
        Compare("terms.transport_provided", YesNo(registered.TransportProvided), YesNo(offered.TransportProvided));
        Compare("terms.return_ticket_paid_by_employer", YesNo(registered.ReturnTicketPaidByEmployer), YesNo(offered.ReturnTicketPaidByEmployer));
        if (compareFees)
        {
            var before = FeesByCategory(registered);
            var after = FeesByCategory(offered);
            foreach (var category in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
            {
                Compare($"fees[{category}]", before.GetValueOrDefault(category, "none"), after.GetValueOrDefault(category, "none"));
            }
        }

        return differences;

        void Compare(string field, string was, string now, bool text = false)
        {
            var same = text
                ? string.Equals(Canonical(was), Canonical(now), StringComparison.OrdinalIgnoreCase)
                : was == now;
            if (!same)
            {
                differences.Add(new EventDifference(field, was, now));
            }
        }
    }

    /// <summary>Per category, the amounts charged, summed per currency: "NPR 10000.00" or "NPR 5000.00 + QAR 200.00".</summary>
    private static Dictionary<string, string> FeesByCategory(ContractTerms terms) =>
        terms.Fees.GroupBy(f => f.Category).ToDictionary(
            g => g.Key,
            g => string.Join(" + ", g.GroupBy(f => f.Amount.Currency).OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => TermsFingerprint.Money(new Amount(c.Key, c.Sum(f => f.Amount.Value))))));

    // Differences of case and spacing only are not a different employer or job.
    private static string Canonical(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string YesNo(bool value) => value ? "yes" : "no";
}
