using RecruitRegistry.WorkerContracts.Model;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>
/// The terms fingerprint against the published test vector of docs/terms-fingerprint.md (its SHA-256 computed with
/// sha256sum over the documented text, not by this code), its stability, and the check character of codes.
/// </summary>
public sealed class FingerprintTests
{
    public const string VectorCanonicalForm = """
        format=recruitregistry-terms/1
        employer.name=Al Noor Contracting W.L.L.
        employer.country=QA
        employer.registration_id=CR-45821
        job.title=Mason
        job.sector=CONSTRUCTION
        job.isco08_code=7112
        job.work_location=Doha, Industrial Area
        terms.signed_on=2026-03-01
        terms.start_date=2026-04-15
        terms.monthly_basic_wage=QAR 1200.00
        terms.hours_per_week=48
        terms.rest_days_per_week=1
        terms.duration_months=24
        terms.annual_leave_days=21
        terms.overtime_rate=1.25
        terms.accommodation_provided=true
        terms.food_provided=false
        terms.transport_provided=true
        terms.return_ticket_paid_by_employer=true
        fee=MEDICAL|NPR 4500.00|Kathmandu Medical Centre
        fee=RECRUITMENT_SERVICE|NPR 10000.00|Himalayan Overseas Pvt. Ltd.

        """;

    public const string VectorSha256 = "12011c8fa218f1e95b270d4f5af80ffb4955979deaa5838c5a9a4244692fb28b";

    public const string VectorCode = "280H-S3X2";

    /// <summary>The vector's terms, fees in the other order and amounts written without their minor unit.</summary>
    internal static ContractTerms Vector() => new()
    {
        EmployerName = "Al Noor Contracting W.L.L.",
        EmployerCountry = "QA",
        EmployerRegistrationId = "CR-45821",
        JobTitle = "Mason",
        Sector = "CONSTRUCTION",
        Isco08Code = "7112",
        WorkLocation = "Doha, Industrial Area",
        SignedOn = new DateOnly(2026, 3, 1),
        StartDate = new DateOnly(2026, 4, 15),
        MonthlyBasicWage = new Amount("QAR", 1200m),
        HoursPerWeek = 48,
        RestDaysPerWeek = 1,
        DurationMonths = 24,
        AnnualLeaveDays = 21,
        OvertimeRate = 1.250m,
        AccommodationProvided = true,
        FoodProvided = false,
        TransportProvided = true,
        ReturnTicketPaidByEmployer = true,
        Fees =
        [
            new FeeTerm("RECRUITMENT_SERVICE", new Amount("NPR", 10000m), "Himalayan Overseas Pvt. Ltd."),
            new FeeTerm("MEDICAL", new Amount("NPR", 4500.0m), "Kathmandu Medical Centre"),
        ],
    };

    [Fact]
    public void The_published_test_vector_holds()
    {
        Assert.Equal(VectorCanonicalForm.ReplaceLineEndings("\n"), TermsFingerprint.CanonicalForm(Vector()));
        Assert.Equal(VectorSha256, TermsFingerprint.Of(Vector()));
        Assert.Equal(VectorCode, TermsFingerprint.Code(VectorSha256));
    }

    [Fact]
    public void Any_change_to_a_term_or_a_fee_changes_the_fingerprint()
    {
        var v = Vector();
        var changes = new Dictionary<string, ContractTerms>
        {
            ["employer"] = v with { EmployerName = "Al Noor Contracting" },
            ["employer country"] = v with { EmployerCountry = "SA" },
            ["registration id"] = v with { EmployerRegistrationId = "CR-45822" },
            ["title"] = v with { JobTitle = "Helper" },
            ["sector"] = v with { Sector = "DOMESTIC_WORK" },
            ["isco"] = v with { Isco08Code = "9313" },
            ["location"] = v with { WorkLocation = "Lusail" },
            ["signed"] = v with { SignedOn = v.SignedOn.AddDays(1) },
            ["start"] = v with { StartDate = v.StartDate.AddDays(1) },
            ["wage"] = v with { MonthlyBasicWage = new Amount("QAR", 1199.99m) },
            ["hours"] = v with { HoursPerWeek = 49 },
            ["rest"] = v with { RestDaysPerWeek = 0 },
            ["duration"] = v with { DurationMonths = 36 },
            ["leave"] = v with { AnnualLeaveDays = 14 },
            ["overtime"] = v with { OvertimeRate = 1.5m },
            ["accommodation"] = v with { AccommodationProvided = false },
            ["food"] = v with { FoodProvided = true },
            ["transport"] = v with { TransportProvided = false },
            ["ticket"] = v with { ReturnTicketPaidByEmployer = false },
            ["fee amount"] = v with { Fees = [v.Fees[0] with { Amount = new Amount("NPR", 10000.01m) }, v.Fees[1]] },
            ["fee category"] = v with { Fees = [v.Fees[0] with { Category = "ADMINISTRATIVE" }, v.Fees[1]] },
            ["fee payee"] = v with { Fees = [v.Fees[0] with { Payee = "Sub-agent" }, v.Fees[1]] },
            ["fee removed"] = v with { Fees = [v.Fees[0]] },
            ["fee added"] = v with { Fees = [.. v.Fees, new FeeTerm("TRAVEL", new Amount("NPR", 1m), "Airline")] },
            ["text into the next line"] = v with { EmployerName = "Al Noor Contracting W.L.L.\nemployer.country=QA" },
        };

        var fingerprints = changes.ToDictionary(c => c.Key, c => TermsFingerprint.Of(c.Value));
        foreach (var (what, fingerprint) in fingerprints)
        {
            Assert.True(fingerprint != VectorSha256, $"changing the {what} left the fingerprint unchanged");
        }

        Assert.Equal(fingerprints.Count, fingerprints.Values.Distinct().Count());
        Assert.Equal(VectorSha256, TermsFingerprint.Of(Vector() with { EmployerName = "  Al Noor Contracting W.L.L. " }));
    }

    [Fact]
    public void The_check_character_catches_every_single_typo_and_every_swap_of_neighbours_but_0_and_Z()
    {
        var random = new Random(20261123);
        for (var n = 0; n < 200; n++)
        {
            var payload = new string(Enumerable.Range(0, 11).Select(_ => Base32.Alphabet[random.Next(32)]).ToArray());
            var code = payload + Base32.CheckCharacter(payload);
            Assert.Equal(VerificationTests.CheckCharacter(payload), code[^1]);
            Assert.True(Base32.HasValidCheck(code));
            for (var i = 0; i < code.Length; i++)
            {
                foreach (var c in Base32.Alphabet.Where(c => c != code[i]))
                {
                    Assert.False(Base32.HasValidCheck(code[..i] + c + code[(i + 1)..]), $"{code}: {c} at {i} went unnoticed");
                }

                if (i + 1 < code.Length && code[i] != code[i + 1])
                {
                    // Luhn mod 32's one blind spot, like Luhn's 09/90: the first and the last character swapped.
                    var blindSpot = (code[i], code[i + 1]) is ('0', 'Z') or ('Z', '0');
                    var swapped = code[..i] + code[i + 1] + code[i] + code[(i + 2)..];
                    Assert.Equal(blindSpot, Base32.HasValidCheck(swapped));
                }
            }
        }

        Assert.Equal("7K3M9Q", Base32.Normalize("7k3m-9q"));
        Assert.Equal("0110", Base32.Normalize("OIlo"));
        Assert.Null(Base32.Normalize("7K3U"));
    }
}
