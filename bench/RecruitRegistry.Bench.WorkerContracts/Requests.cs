using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.Bench.WorkerContracts;

/// <summary>Registrations as an NP agency files them for Qatar: construction and domestic work, women and men, a
/// recruitment service fee within Nepal's NPR 10,000 cap (shared/reference/corridors.md). Names and numbers are bench data.</summary>
internal static class Requests
{
    public static RegisterContractRequest Registration(Guid agency, Random random)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var domestic = random.Next(3) == 0;
        var woman = domestic || random.Next(4) == 0;
        return new RegisterContractRequest
        {
            AgencyId = agency.ToString(),
            OriginCountry = "NP",
            DestinationCountry = "QA",
            RequestId = Guid.NewGuid().ToString(),
            Worker = new Worker
            {
                FullName = woman ? "Sita Tamang" : "Ram Bahadur Thapa",
                Sex = woman ? Sex.F : Sex.M,
                DateOfBirth = Day(new DateOnly(1985, 1, 1).AddDays(random.Next(5000))),
                Nationality = "NP",
                PassportNumber = $"PA{random.Next(10_000_000):D7}",
                PreferredLanguage = "ne",
            },
            Terms = new Terms
            {
                SignedOn = Day(today.AddDays(-random.Next(1, 20))),
                MonthlyBasicWage = new Money { CurrencyCode = "QAR", Amount = (1000 + random.Next(0, 60) * 25).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) },
                HoursPerWeek = 48,
                RestDaysPerWeek = 1,
                DurationMonths = 24,
                StartDate = Day(today.AddDays(30 + random.Next(60))),
                AnnualLeaveDays = 21,
                OvertimeRate = "1.25",
                AccommodationProvided = true,
                FoodProvided = domestic,
                TransportProvided = !domestic,
                ReturnTicketPaidByEmployer = true,
                Employer = new Employer { Name = domestic ? "Private household" : "Al Noor Contracting W.L.L.", Country = "QA", RegistrationId = $"CR-{random.Next(10_000, 99_999)}" },
                Job = domestic
                    ? new Job { Title = "Domestic worker", Sector = Sector.DomesticWork, Isco08Code = "9111", WorkLocation = "Al Rayyan" }
                    : new Job { Title = "Mason", Sector = Sector.Construction, Isco08Code = "7112", WorkLocation = "Doha, Industrial Area" },
            },
            Fees = { new Fee { Category = FeeCategory.RecruitmentService, Amount = new Money { CurrencyCode = "NPR", Amount = "10000.00" }, Payee = "Bench Overseas Pvt. Ltd." } },
        };
    }

    private static Date Day(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };
}
