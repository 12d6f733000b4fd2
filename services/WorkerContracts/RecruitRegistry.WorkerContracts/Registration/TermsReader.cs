using System.Globalization;
using System.Text.RegularExpressions;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Platform.Validation;
using RecruitRegistry.WorkerContracts.Model;

namespace RecruitRegistry.WorkerContracts.Registration;

/// <summary>The worker as registered, validated. The passport number is hashed before anything is stored.</summary>
/// <summary>The worker as a registration names them; <c>Disability</c> is null unless the worker consented to it being recorded.</summary>
internal sealed record WorkerDetails(string FullName, string Sex, DateOnly DateOfBirth, string Nationality, string PassportNumber, string Language, string? Disability);

/// <summary>
/// Reads and validates the parts of a contract from the request, naming every bad field by its proto path. The bounds
/// below are plausibility limits that catch typing mistakes ("480 hours a week"), not legal rules: those are fee policies
/// and corridor data.
/// </summary>
internal static partial class TermsReader
{
    public const int MaxHoursPerWeek = 84;       // 12 hours on 7 days: anything above is a typing mistake
    public const int MaxDurationMonths = 120;
    public const int MaxAnnualLeaveDays = 60;
    public const decimal MaxOvertimeRate = 5m;
    public const int MaxFees = 50;
    public const int MaxYearsSignedBeforeRegistration = 10;
    public const int MaxYearsFromSigningToStart = 2;

    public static WorkerDetails ReadWorker(RequestValidator v, string prefix, Worker? worker, DateOnly today)
    {
        if (worker is null)
        {
            v.Fail(prefix.TrimEnd('.'), "is required");
            return new WorkerDetails("", "", default, "", "", "", null);
        }

        var name = v.Required(prefix + "full_name", worker.FullName, 200);
        if (!ProtoEnums.IsSet(worker.Sex))
        {
            v.Fail(prefix + "sex", "must be F, M or X");
        }

        var born = v.Date(prefix + "date_of_birth", worker.DateOfBirth);
        if (born != default && (born > today || born < today.AddYears(-100)))
        {
            v.Fail(prefix + "date_of_birth", "must be in the past and within the last 100 years");
        }

        var nationality = v.Country(prefix + "nationality", worker.Nationality);
        var passport = ReadPassport(v, prefix + "passport_number", worker.PassportNumber);
        var language = ReadLanguage(v, prefix + "preferred_language", worker.PreferredLanguage);
        string? disability = null;
        if (worker.Disability != Disability.Unspecified)
        {
            if (!ProtoEnums.IsSet(worker.Disability))
            {
                v.Fail(prefix + "disability", "must be DECLARED or NONE_DECLARED, or left unspecified");
            }
            else if (!worker.DisabilityConsent)
            {
                v.Fail(prefix + "disability_consent", "must be true to record a self-declared disability: only the worker's consent allows it");
            }
            else
            {
                disability = ProtoEnums.Name(worker.Disability, "DISABILITY_");
            }
        }

        return new WorkerDetails(name, ProtoEnums.Name(worker.Sex, "SEX_"), born, nationality, passport, language, disability);
    }

    public static string ReadPassport(RequestValidator v, string field, string value)
    {
        var passport = v.Required(field, value, 40);
        if (passport.Length > 0 && !PassportPattern().IsMatch(ContractSecrets.NormalizePassport(passport)))
        {
            v.Fail(field, "must be 5 to 20 letters and digits (spaces and hyphens are ignored)");
        }

        return passport;
    }

    public static string ReadLanguage(RequestValidator v, string field, string value)
    {
        var language = v.Required(field, value, 35);
        if (language.Length > 0 && !LanguageTagPattern().IsMatch(language))
        {
            v.Fail(field, $"'{RequestValidator.Quote(language)}' is not a BCP 47 language tag (e.g. \"ne\", \"fil\", \"bn-BD\")");
        }

        return language;
    }

    /// <summary>
    /// The terms and fees. With a destination (registration, amendment) the wage must be in its currency and the employer
    /// in it; terms handed over abroad (CompareTerms) are read without that rule, since that may be what was changed.
    /// </summary>
    public static ContractTerms ReadTerms(
        RequestValidator v, string prefix, Terms? terms, string feesField, IReadOnlyList<Fee> fees, string? destination, DateOnly today)
    {
        terms ??= NotGiven(v, prefix);
        var signed = v.Date(prefix + "signed_on", terms.SignedOn);
        if (signed != default && (signed > today || signed < today.AddYears(-MaxYearsSignedBeforeRegistration)))
        {
            v.Fail(prefix + "signed_on", $"must not be in the future nor more than {MaxYearsSignedBeforeRegistration} years ago");
        }

        var start = v.Date(prefix + "start_date", terms.StartDate);
        if (start != default && signed != default && (start < signed || start > signed.AddYears(MaxYearsFromSigningToStart)))
        {
            v.Fail(prefix + "start_date", start < signed
                ? "must not be before signed_on"
                : $"must be within {MaxYearsFromSigningToStart} years of signed_on");
        }

        var wage = v.Money(prefix + "monthly_basic_wage", terms.MonthlyBasicWage);
        var currency = destination is null ? null : IsoCodes.CurrencyOf(destination);
        if (wage.Currency.Length > 0 && IsoCodes.MinorUnit(wage.Currency) is not null && currency is not null && wage.Currency != currency)
        {
            v.Fail(prefix + "monthly_basic_wage.currency_code", $"the wage is paid in {destination}'s currency, {currency}, not {wage.Currency}");
        }

        if (terms.MonthlyBasicWage is not null && wage.Amount <= 0)
        {
            v.Fail(prefix + "monthly_basic_wage.amount", "must be more than zero");
        }

        Range(v, prefix + "hours_per_week", terms.HoursPerWeek, 1, MaxHoursPerWeek);
        Range(v, prefix + "rest_days_per_week", terms.RestDaysPerWeek, 0, 6);
        Range(v, prefix + "duration_months", terms.DurationMonths, 1, MaxDurationMonths);
        Range(v, prefix + "annual_leave_days", terms.AnnualLeaveDays, 0, MaxAnnualLeaveDays);
        var overtime = 0m;
        if (string.IsNullOrEmpty(terms.OvertimeRate)
            || !OvertimePattern().IsMatch(terms.OvertimeRate)
            || !decimal.TryParse(terms.OvertimeRate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out overtime)
            || overtime < 1m || overtime > MaxOvertimeRate)
        {
            v.Fail(prefix + "overtime_rate", $"must be a decimal multiple of the hourly wage from 1 to {MaxOvertimeRate} (e.g. \"1.25\")");
        }

        string employerName = "", employerCountry = "", registration = "";
        if (terms.Employer is not { } employer)
        {
            v.Fail(prefix + "employer", "is required");
        }
        else
        {
            employerName = v.Required(prefix + "employer.name", employer.Name, 200);
            employerCountry = v.Country(prefix + "employer.country", employer.Country);
            if (destination is not null && employerCountry.Length > 0 && employerCountry != destination)
            {
                v.Fail(prefix + "employer.country", $"must be the destination country {destination}");
            }

            registration = v.Optional(prefix + "employer.registration_id", employer.RegistrationId, 64);
        }

        string title = "", sector = "", isco = "", location = "";
        if (terms.Job is not { } job)
        {
            v.Fail(prefix + "job", "is required");
        }
        else
        {
            title = v.Required(prefix + "job.title", job.Title, 200);
            if (ProtoEnums.IsSet(job.Sector))
            {
                sector = ProtoEnums.Name(job.Sector, "SECTOR_");
            }
            else
            {
                v.Fail(prefix + "job.sector", "is required");
            }

            isco = v.Optional(prefix + "job.isco08_code", job.Isco08Code, 4);
            if (isco.Length > 0 && !IscoPattern().IsMatch(isco))
            {
                v.Fail(prefix + "job.isco08_code", "must be an ISCO-08 unit group: four digits (e.g. \"9111\" domestic cleaners and helpers)");
            }

            location = v.Required(prefix + "job.work_location", job.WorkLocation, 200);
        }

        var feeTerms = ReadFees(v, feesField, fees, positive: false);

        return new ContractTerms
        {
            EmployerName = employerName,
            EmployerCountry = employerCountry,
            EmployerRegistrationId = registration,
            JobTitle = title,
            Sector = sector,
            Isco08Code = isco,
            WorkLocation = location,
            SignedOn = signed,
            StartDate = start,
            MonthlyBasicWage = new Amount(wage.Currency, wage.Amount),
            HoursPerWeek = terms.HoursPerWeek,
            RestDaysPerWeek = terms.RestDaysPerWeek,
            DurationMonths = terms.DurationMonths,
            AnnualLeaveDays = terms.AnnualLeaveDays,
            OvertimeRate = overtime,
            AccommodationProvided = terms.AccommodationProvided,
            FoodProvided = terms.FoodProvided,
            TransportProvided = terms.TransportProvided,
            ReturnTicketPaidByEmployer = terms.ReturnTicketPaidByEmployer,
            Fees = feeTerms,
        };
    }

    /// <summary>
    /// Fees with their ILO category, amount and payee. Charged fees may be zero (a fee the contract names but waives);
    /// fees a worker reports as paid must be <paramref name="positive"/>.
    /// </summary>
    public static List<FeeTerm> ReadFees(RequestValidator v, string feesField, IReadOnlyList<Fee> fees, bool positive)
    {
        if (fees.Count > MaxFees)
        {
            v.Fail(feesField, $"at most {MaxFees} fees");
        }

        var feeTerms = new List<FeeTerm>();
        for (var i = 0; i < Math.Min(fees.Count, MaxFees); i++)
        {
            var field = $"{feesField}[{i}]";
            if (!ProtoEnums.IsSet(fees[i].Category))
            {
                v.Fail(field + ".category", $"{(int)fees[i].Category} is not an ILO cost category");
            }

            var failuresBefore = v.Violations.Count;
            var amount = v.Money(field + ".amount", fees[i].Amount);
            if (positive && v.Violations.Count == failuresBefore && amount.Amount == 0)
            {
                v.Fail(field + ".amount.amount", "must be more than zero: report the fees actually paid");
            }

            var payee = v.Required(field + ".payee", fees[i].Payee, 200);
            if (ProtoEnums.IsSet(fees[i].Category))
            {
                feeTerms.Add(new FeeTerm(ProtoEnums.Name(fees[i].Category, "FEE_CATEGORY_"), new Amount(amount.Currency, amount.Amount), payee));
            }
        }

        return feeTerms;
    }

    /// <summary>A client-chosen idempotency key: letters, digits and ._:- only.</summary>
    public static string ReadRequestId(RequestValidator v, string field, string? value)
    {
        var id = v.Required(field, value, 100);
        if (id.Length > 0 && !RequestIdPattern().IsMatch(id))
        {
            v.Fail(field, "may hold only letters, digits and . _ : - (a UUID is best)");
        }

        return id;
    }

    private static Terms NotGiven(RequestValidator v, string prefix)
    {
        v.Fail(prefix.TrimEnd('.'), "is required");
        return new Terms();
    }

    private static void Range(RequestValidator v, string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            v.Fail(field, $"must be from {min} to {max}; {value} is not plausible");
        }
    }

    [GeneratedRegex("^[A-Z0-9]{5,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex PassportPattern();

    // RFC 5646 in its common shape: a 2-3 letter language, then subtags of 2-8 letters or digits (script, region, variant).
    [GeneratedRegex("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTagPattern();

    [GeneratedRegex(@"^[0-9]{1,2}(\.[0-9]{1,4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex OvertimePattern();

    [GeneratedRegex("^[0-9]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex IscoPattern();

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex RequestIdPattern();
}
