using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Google.Rpc;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Testing;
using Status = Grpc.Core.Status;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>
/// A worker's fee report and the worker's view of the fee cases, with reference and code: recorded once, published once,
/// refused like verification on a wrong code, every bad field named; cases shown as FeeAudits last published them.
/// </summary>
public sealed class WorkerReportTests(Servers servers) : ContractsTest(servers)
{
    [Fact]
    public async Task A_worker_back_home_reports_the_fees_paid_once_and_FeeAudits_is_told_without_name_code_or_passport()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        await App.Contracts.TerminateContractAsync(new TerminateContractRequest
        {
            ContractId = registered.ContractId, ExpectedVersion = 1, Termination = ContractStatus.Completed, EndedOn = CorridorScenario.Day(CorridorScenario.Today),
            Reason = "Contract served in full", LegalBasis = "Foreign Employment Act 2064, s.75",
        }, ContractsApp.Authority("NP"));

        var request = new ReportFeesPaidRequest
        {
            Reference = registered.Reference.ToLowerInvariant(),
            VerificationCode = registered.VerificationCode.Replace('-', ' '),
            FeesPaid =
            {
                Paid(FeeCategory.RecruitmentService, "NPR", "85000.00", "sub-agent in Nepalgunj"),
                Paid(FeeCategory.Medical, "NPR", "6500", "GAMCA medical centre, Kathmandu"),
            },
            Account = "Paid in cash to the sub-agent before the medical, no receipt given.",
        };
        var reply = await App.Contracts.ReportFeesPaidAsync(request);

        var events = await App.Events.WaitAsync<FeesPaidReported>(e => e.Count == 1, "FeesPaidReported");
        var reported = events[0];
        Assert.Equal(reply.ReportId, reported.ReportId.ToString());
        Assert.Equal(Guid.Parse(registered.ContractId), reported.ContractId);
        Assert.Equal(Guid.Parse(agency.Id), reported.AgencyId);
        Assert.Equal(("NP", "QA"), (reported.OriginCountry, reported.DestinationCountry));
        Assert.Equal(
            [new ContractFee("RECRUITMENT_SERVICE", new EventMoney("NPR", 85000.00m), "sub-agent in Nepalgunj"), new ContractFee("MEDICAL", new EventMoney("NPR", 6500m), "GAMCA medical centre, Kathmandu")],
            reported.FeesPaid);
        var json = JsonSerializer.Serialize(reported);
        Assert.DoesNotContain(CorridorScenario.Worker().FullName, json, StringComparison.Ordinal);
        Assert.DoesNotContain(CorridorScenario.Worker().PassportNumber, json, StringComparison.Ordinal);
        Assert.DoesNotContain(registered.VerificationCode.Replace("-", "", StringComparison.Ordinal), json.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // The same fees in another order, the same account: the first report, nothing published again.
        var again = request.Clone();
        again.FeesPaid.Clear();
        again.FeesPaid.Add(request.FeesPaid.Reverse());
        var second = await App.Contracts.ReportFeesPaidAsync(again);
        Assert.Equal(reply.ReportId, second.ReportId);
        Assert.Equal(reply.ReportedAt, second.ReportedAt);

        // Another account of it is another report.
        var other = request.Clone();
        other.Account = "A second payment, to the agency's office in Kathmandu, for the visa.";
        var third = await App.Contracts.ReportFeesPaidAsync(other);
        Assert.NotEqual(reply.ReportId, third.ReportId);
        await App.Events.WaitAsync<FeesPaidReported>(e => e.Count == 2, "the second report");
        await Task.Delay(500);
        Assert.Equal(2, App.Events.All<FeesPaidReported>().Count);
        Assert.Equal(2, await App.CountAsync("SELECT COUNT(*) FROM fee_reports"));
    }

    [Fact]
    public async Task A_wrong_code_reports_nothing_answers_as_an_unknown_reference_and_never_locks_the_worker_out()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        ReportFeesPaidRequest Report(string reference, string code) => new()
        {
            Reference = reference, VerificationCode = code, FeesPaid = { Paid(FeeCategory.RecruitmentService, "NPR", "50000.00", "agency") }, Account = "Paid at the office",
        };

        var wrong = await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom("192.0.2.10").ReportFeesPaidAsync(
            Report(registered.Reference, VerificationTests.OtherValidCode(registered.VerificationCode))).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom("192.0.2.11").ReportFeesPaidAsync(
            Report("NP-QA-26-ZZZZZZ", registered.VerificationCode)).ResponseAsync);
        var casesWrong = await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom("192.0.2.12").ListWorkerCasesAsync(
            new ListWorkerCasesRequest { Reference = registered.Reference, VerificationCode = VerificationTests.OtherValidCode(registered.VerificationCode) }).ResponseAsync);
        var verifyUnknown = await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom("192.0.2.13").VerifyContractAsync(
            new VerifyContractRequest { Reference = "NP-QA-26-ZZZZZZ", VerificationCode = registered.VerificationCode }).ResponseAsync);

        foreach (var ex in new[] { wrong, unknown, casesWrong })
        {
            Assert.Equal(StatusCode.NotFound, ex.StatusCode);
            Assert.Equal(verifyUnknown.Status.Detail, ex.Status.Detail);
        }

        Assert.Equal(0, await App.CountAsync("SELECT (SELECT COUNT(*) FROM fee_reports) + (SELECT COUNT(*) FROM outbox WHERE message_type LIKE '%FeesPaidReported%')"));

        // However often others failed on this reference, the worker's right code still reports.
        for (var i = 0; i < 2 * ContractsApp.FailuresPerClient; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom($"192.0.2.{20 + i}").ReportFeesPaidAsync(
                Report(registered.Reference, VerificationTests.OtherValidCode(registered.VerificationCode))).ResponseAsync);
        }

        await App.ClientFrom("192.0.2.14").ReportFeesPaidAsync(Report(registered.Reference, registered.VerificationCode));
        Assert.Equal(1, await App.CountAsync("SELECT COUNT(*) FROM fee_reports"));
    }

    public static TheoryData<string, string> BadReports => new()
    {
        { "reference", "" },
        { "reference", "NP-QA-26" },
        { "verification_code", "" },
        { "verification_code", "7K3M-9QXR" },
        { "fees_paid", "none" },
        { "fees_paid", "51 fees" },
        { "fees_paid[0].category", "unknown" },
        { "fees_paid[0].amount", "missing" },
        { "fees_paid[0].amount.amount", "0" },
        { "fees_paid[0].amount.amount", "-100.00" },
        { "fees_paid[0].amount.amount", "100.005" },
        { "fees_paid[0].amount.amount", "1e5" },
        { "fees_paid[0].amount.currency_code", "XXY" },
        { "fees_paid[0].payee", "" },
        { "fees_paid[0].payee", "201 characters" },
        { "account", "" },
        { "account", "4001 characters" },
        { "account", "control character" },
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task A_bad_fee_report_names_the_field_and_writes_nothing(string field, string spoil)
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        var request = new ReportFeesPaidRequest
        {
            Reference = registered.Reference,
            VerificationCode = registered.VerificationCode,
            FeesPaid = { Paid(FeeCategory.RecruitmentService, "NPR", "85000.00", "sub-agent") },
            Account = "Paid in cash",
        };
        var fee = request.FeesPaid[0];
        switch ((field, spoil))
        {
            case ("reference", _): request.Reference = spoil; break;
            case ("verification_code", _): request.VerificationCode = spoil; break;
            case ("fees_paid", "none"): request.FeesPaid.Clear(); break;
            case ("fees_paid", _): request.FeesPaid.Add(Enumerable.Repeat(fee, 50)); break;
            case ("fees_paid[0].category", _): fee.Category = (FeeCategory)99; break;
            case ("fees_paid[0].amount", _): fee.Amount = null; break;
            case ("fees_paid[0].amount.amount", _): fee.Amount.Amount = spoil; break;
            case ("fees_paid[0].amount.currency_code", _): fee.Amount.CurrencyCode = spoil; break;
            case ("fees_paid[0].payee", ""): fee.Payee = ""; break;
            case ("fees_paid[0].payee", _): fee.Payee = new string('p', 201); break;
            case ("account", ""): request.Account = ""; break;
            case ("account", "4001 characters"): request.Account = new string('a', 4001); break;
            case ("account", _): request.Account = "Paid\u0007 in cash"; break;
            default: throw new ArgumentException($"no way to spoil {field}");
        }

        var ex = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.ReportFeesPaidAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains(field, ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));
        Assert.Equal(0, await App.CountAsync("SELECT (SELECT COUNT(*) FROM fee_reports) + (SELECT COUNT(*) FROM outbox WHERE message_type LIKE '%FeesPaidReported%')"));
    }

    [Fact]
    public async Task The_worker_sees_each_case_as_FeeAudits_last_published_it_and_a_late_older_state_changes_nothing()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        var otherContract = await Given.RegisterAsync(agency, Sex.M);
        var contractId = Guid.Parse(registered.ContractId);
        var opened = DateTimeOffset.UtcNow.AddMinutes(-5);
        opened = opened.AddTicks(-(opened.Ticks % TimeSpan.TicksPerMicrosecond)); // PostgreSQL keeps microseconds
        var automatic = new CaseChanged
        {
            CaseId = Guid.CreateVersion7(), Version = 1, ContractId = contractId, AgencyId = Guid.Parse(agency.Id), OriginCountry = "NP", DestinationCountry = "QA",
            OpenedBy = "AUTOMATIC_AUDIT", State = "OPEN", Excess = new EventMoney("NPR", 15000.00m), OpenedAt = opened, OccurredAt = opened,
        };
        var confirmed = automatic with
        {
            Version = 3, State = "CONFIRMED", OccurredAt = opened.AddMinutes(2),
            Refund = new RefundSnapshot(Guid.CreateVersion7(), new EventMoney("NPR", 15000.00m), CorridorScenario.Today.AddDays(30), "ORDERED"),
        };
        var report = automatic with { CaseId = Guid.CreateVersion7(), OpenedBy = "WORKER_REPORT", Excess = null, OpenedAt = opened.AddMinutes(1), OccurredAt = opened.AddMinutes(1) };
        var notHers = automatic with { CaseId = Guid.CreateVersion7(), ContractId = Guid.Parse(otherContract.ContractId) };

        await App.Bus.Publish(automatic);
        await App.Bus.Publish(confirmed);
        await App.Bus.Publish(report);
        await App.Bus.Publish(notHers);
        await App.Bus.Publish(confirmed); // delivered twice
        await App.Bus.Publish(automatic with { Version = 2, State = "UNDER_REVIEW" }); // late: older than CONFIRMED
        await Eventually.Until(() => App.CountAsync("SELECT COUNT(*) FROM inbox WHERE consumer = 'contracts.case-changed'"), n => n == 6,
            TimeSpan.FromSeconds(30), "six CaseChanged handled");

        var request = new ListWorkerCasesRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode };
        var cases = (await App.Contracts.ListWorkerCasesAsync(request)).Cases;
        Assert.Equal(2, cases.Count);
        var first = cases[0];
        Assert.Equal(automatic.CaseId.ToString(), first.CaseId);
        Assert.Equal(CaseOrigin.AutomaticAudit, first.Origin);
        Assert.Equal(CaseState.Confirmed, first.State);
        Assert.Equal(new Money { CurrencyCode = "NPR", Amount = "15000.00" }, first.Excess);
        Assert.Equal(new Money { CurrencyCode = "NPR", Amount = "15000.00" }, first.RefundAmount);
        Assert.Equal(CorridorScenario.Day(CorridorScenario.Today.AddDays(30)), first.RefundDueOn);
        Assert.Equal(RefundState.Ordered, first.RefundState);
        Assert.Equal(Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(confirmed.OccurredAt), first.ChangedAt);
        Assert.Equal(CaseOrigin.WorkerReport, cases[1].Origin);
        Assert.Equal(CaseState.Open, cases[1].State);
        Assert.Null(cases[1].Excess);
        Assert.Equal(RefundState.Unspecified, cases[1].RefundState);

        // The same, as JSON for the worker web page; and the report too.
        using var http = App.Http();
        using var listed = await http.PostAsJsonAsync($"/v1/contracts/{registered.Reference}:cases", new { verificationCode = registered.VerificationCode });
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        using var body = JsonDocument.Parse(await listed.Content.ReadAsStringAsync());
        Assert.Equal(["CASE_STATE_CONFIRMED", "CASE_STATE_OPEN"], body.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("state").GetString()));

        using var reported = await http.PostAsJsonAsync($"/v1/contracts/{registered.Reference}:reportFees", new
        {
            verificationCode = registered.VerificationCode,
            feesPaid = new[] { new { category = "FEE_CATEGORY_TRAVEL", amount = new { currencyCode = "NPR", amount = "42000.00" }, payee = "the agency" } },
            account = "The agency kept the air ticket money the employer had paid.",
        });
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        using var answer = JsonDocument.Parse(await reported.Content.ReadAsStringAsync());
        Assert.True(Guid.TryParse(answer.RootElement.GetProperty("reportId").GetString(), out _));
        await App.Events.WaitAsync<FeesPaidReported>(e => e.Count == 1, "the JSON report published");
    }

    private static Fee Paid(FeeCategory category, string currency, string amount, string payee) =>
        new() { Category = category, Amount = new Money { CurrencyCode = currency, Amount = amount }, Payee = payee };
}
