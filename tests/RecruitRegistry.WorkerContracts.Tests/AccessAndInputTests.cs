using Google.Rpc;
using Grpc.Core;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Testing;
using Api = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>Every RPC against every kind of caller as docs/security.md says, and every kind of bad input with nothing written.</summary>
public sealed class AccessAndInputTests(Servers servers) : ContractsTest(servers)
{
    [Fact]
    public async Task Every_rpc_answers_every_kind_of_caller_as_the_table_says()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var other = await Given.RegisterAgencyAsync(name: "Everest Manpower Pvt. Ltd.");
        var registered = await Given.RegisterAsync(agency);
        var callers = new Dictionary<string, CallOptions>
        {
            ["anonymous"] = ContractsApp.Anonymous,
            ["own authority"] = ContractsApp.Authority("NP"),
            ["other-side authority"] = ContractsApp.Authority("QA"),
            ["stranger authority"] = ContractsApp.Authority("PH"),
            ["auditor"] = ContractsApp.Auditor("NP"),
            ["own agency"] = ContractsApp.Agency(agency.Id),
            ["other agency"] = ContractsApp.Agency(other.Id),
            ["expired token"] = ContractsApp.Expired(),
            ["foreign key"] = ContractsApp.OtherKey(),
        };
        var id = registered.ContractId;
        var c = App.Contracts;
        var calls = new Dictionary<string, Func<CallOptions, Task>>
        {
            ["RegisterContract"] = o => c.RegisterContractAsync(CorridorScenario.Registration(agency), o).ResponseAsync,
            ["AmendContract"] = o => c.AmendContractAsync(new AmendContractRequest
            {
                ContractId = id, ExpectedVersion = 99, Terms = CorridorScenario.Terms(wage: "1300.00"), Fees = { CorridorScenario.ServiceFee() }, Reason = "r", WorkerConsentRecorded = true,
            }, o).ResponseAsync,
            ["EndorseContract"] = o => c.EndorseContractAsync(new EndorseContractRequest { ContractId = id, ExpectedVersion = 99, Endorse = true, Reason = "r", LegalBasis = "l" }, o).ResponseAsync,
            ["TerminateContract"] = o => c.TerminateContractAsync(new TerminateContractRequest
            {
                ContractId = id, ExpectedVersion = 99, Termination = ContractStatus.Completed, EndedOn = CorridorScenario.Day(CorridorScenario.Today), Reason = "r", LegalBasis = "l",
            }, o).ResponseAsync,
            ["GetContract"] = o => c.GetContractAsync(new GetContractRequest { ContractId = id }, o).ResponseAsync,
            ["ListContractVersions"] = o => c.ListContractVersionsAsync(new GetContractRequest { ContractId = id }, o).ResponseAsync,
            ["RecordOrientation"] = o => c.RecordOrientationAsync(new RecordOrientationRequest
            {
                OriginCountry = "NP", DestinationCountry = "QA", PassportNumber = "PA1234567", CompletedOn = CorridorScenario.Day(CorridorScenario.Today),
                Provider = "Kathmandu Orientation Centre", Language = "ne", Hours = 16, CertificateNumber = "NP-PDO-1",
            }, o).ResponseAsync,
            ["SearchContracts"] = o => c.SearchContractsAsync(new SearchContractsRequest { OriginCountry = "NP", DestinationCountry = "QA" }, o).ResponseAsync,
            ["VerifyContract"] = o => c.VerifyContractAsync(new VerifyContractRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode }, o).ResponseAsync,
            ["CompareTerms"] = o => c.CompareTermsAsync(new CompareTermsRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode, OfferedTerms = CorridorScenario.Terms() }, o).ResponseAsync,
            ["ReportFeesPaid"] = o => c.ReportFeesPaidAsync(new ReportFeesPaidRequest
            {
                Reference = registered.Reference, VerificationCode = registered.VerificationCode, Account = "Paid in cash",
                FeesPaid = { new Fee { Category = FeeCategory.Medical, Amount = new Money { CurrencyCode = "NPR", Amount = "6500" }, Payee = "medical centre" } },
            }, o).ResponseAsync,
            ["ListWorkerCases"] = o => c.ListWorkerCasesAsync(new ListWorkerCasesRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode }, o).ResponseAsync,
            ["FileGrievance"] = o => c.FileGrievanceAsync(new FileGrievanceRequest
            {
                Reference = registered.Reference, VerificationCode = registered.VerificationCode, Kind = Contracts.FeeAudits.V1.GrievanceKind.ExcessiveHours, Account = "Twelve hours a day",
            }, o).ResponseAsync,
            ["AppealGrievance"] = o => c.AppealGrievanceAsync(new AppealWorkerGrievanceRequest
            {
                Reference = registered.Reference, VerificationCode = registered.VerificationCode, GrievanceId = Guid.NewGuid().ToString(), Grounds = "Not true",
            }, o).ResponseAsync,
            ["ListWorkerGrievances"] = o => c.ListWorkerGrievancesAsync(new ListWorkerGrievancesRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode }, o).ResponseAsync,
            ["GetCorridorDigest"] = o => c.GetCorridorDigestAsync(new GetCorridorDigestRequest { OriginCountry = "NP", DestinationCountry = "QA" }, o).ResponseAsync,
            ["RepublishCorridor"] = o => c.RepublishCorridorAsync(new RepublishCorridorRequest { OriginCountry = "NP", DestinationCountry = "QA" }, o).ResponseAsync,
        };
        Assert.Equal(
            Api.WorkerContracts.Descriptor.Methods.Select(m => m.Name).Order(StringComparer.Ordinal),
            calls.Keys.Order(StringComparer.Ordinal));

        var mismatches = await AccessMatrix.MismatchesAsync(AccessTable.Of(Api.WorkerContracts.Descriptor.FullName), calls, callers, ContractsApp.Malformed(Guid.Parse(agency.Id)));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    public static TheoryData<string, string> BadRegistrations => new()
    {
        { "agency_id", "not-a-uuid" },
        { "origin_country", "Nepal" },
        { "destination_country", "qa" },
        { "worker.full_name", "" },
        { "worker.full_name", new string('x', 201) },
        { "worker.sex", "" },
        { "worker.date_of_birth", "2300-01-01" },
        { "worker.nationality", "XX" },
        { "worker.passport_number", "12" },
        { "worker.preferred_language", "Nepali!" },
        { "terms.signed_on", "future" },
        { "terms.start_date", "before signing" },
        { "terms.monthly_basic_wage.amount", "-1" },
        { "terms.monthly_basic_wage.amount", "1200.005" },
        { "terms.monthly_basic_wage.amount", "1.2e3" },
        { "terms.monthly_basic_wage.currency_code", "NPR" },
        { "terms.monthly_basic_wage.currency_code", "QQQ" },
        { "terms.hours_per_week", "0" },
        { "terms.hours_per_week", "480" },
        { "terms.rest_days_per_week", "7" },
        { "terms.duration_months", "0" },
        { "terms.overtime_rate", "0.5" },
        { "terms.employer.country", "SA" },
        { "terms.job.sector", "" },
        { "terms.job.isco08_code", "71" },
        { "fees[0].category", "" },
        { "fees[0].category", "99" },
        { "fees[0].amount.amount", "-5" },
        { "fees[0].payee", "" },
        { "request_id", "" },
        { "request_id", "has spaces" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task A_bad_registration_names_the_field_and_writes_nothing(string field, string value)
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var request = CorridorScenario.Registration(agency);
        Spoil(request, field, value);
        var ex = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.RegisterContractAsync(request, ContractsApp.Authority("NP")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var fields = ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Contains(field, fields);
        Assert.Equal(0, await App.CountAsync("SELECT (SELECT COUNT(*) FROM contracts) + (SELECT COUNT(*) FROM contract_versions) + (SELECT COUNT(*) FROM registration_requests) + (SELECT COUNT(*) FROM outbox)"));
    }

    private static void Spoil(RegisterContractRequest r, string field, string value)
    {
        var today = CorridorScenario.Today;
        switch (field)
        {
            case "agency_id": r.AgencyId = value; break;
            case "origin_country": r.OriginCountry = value; break;
            case "destination_country": r.DestinationCountry = value; break;
            case "worker.full_name": r.Worker.FullName = value; break;
            case "worker.sex": r.Worker.Sex = Sex.Unspecified; break;
            case "worker.date_of_birth": r.Worker.DateOfBirth = new Date { Year = 2300, Month = 1, Day = 1 }; break;
            case "worker.nationality": r.Worker.Nationality = value; break;
            case "worker.passport_number": r.Worker.PassportNumber = value; break;
            case "worker.preferred_language": r.Worker.PreferredLanguage = value; break;
            case "terms.signed_on": r.Terms.SignedOn = CorridorScenario.Day(today.AddDays(5)); break;
            case "terms.start_date": r.Terms.StartDate = CorridorScenario.Day(today.AddDays(-10)); break;
            case "terms.monthly_basic_wage.amount": r.Terms.MonthlyBasicWage.Amount = value; break;
            case "terms.monthly_basic_wage.currency_code": r.Terms.MonthlyBasicWage.CurrencyCode = value; break;
            case "terms.hours_per_week": r.Terms.HoursPerWeek = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "terms.rest_days_per_week": r.Terms.RestDaysPerWeek = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "terms.duration_months": r.Terms.DurationMonths = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "terms.overtime_rate": r.Terms.OvertimeRate = value; break;
            case "terms.employer.country": r.Terms.Employer.Country = value; break;
            case "terms.job.sector": r.Terms.Job.Sector = Sector.Unspecified; break;
            case "terms.job.isco08_code": r.Terms.Job.Isco08Code = value; break;
            case "fees[0].category": r.Fees[0].Category = value.Length == 0 ? FeeCategory.Unspecified : (FeeCategory)99; break;
            case "fees[0].amount.amount": r.Fees[0].Amount.Amount = value; break;
            case "fees[0].payee": r.Fees[0].Payee = value; break;
            case "request_id": r.RequestId = value; break;
            default: throw new ArgumentException(field);
        }
    }
}
