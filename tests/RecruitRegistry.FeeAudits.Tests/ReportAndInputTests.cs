using System.Globalization;
using System.Text;
using Google.Rpc;
using Grpc.Core;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Testing;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>The corridor report against a hand-computed fixture; policy and rate inputs; who may call what.</summary>
public sealed class ReportAndInputTests(Servers servers) : FeeAuditsTest(servers)
{
    [Fact]
    public async Task The_corridor_report_matches_the_hand_computed_fixture_and_exports_as_csv()
    {
        // Fixture, NP→MY, five workers of each kind registered in March 2026 (so no cell is small enough to suppress),
        // and one in February, outside the period:
        //   F MANUFACTURING NPR 10,000.00 → COMPLIANT
        //   F DOMESTIC_WORK NPR 12,000.00 → VIOLATION, excess NPR 2,000.00, all with one agency
        //   M MANUFACTURING NPR 10,500.50 → VIOLATION, excess NPR 500.50
        //   M MANUFACTURING MYR 100.00    → UNDETERMINED (no MYR→NPR rate)
        var march = new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);
        var agency = Guid.NewGuid();
        var overCap = Enumerable.Range(0, 5).Select(_ => Contract("F", "DOMESTIC_WORK", "RECRUITMENT_SERVICE NPR 12000.00", march, agency)).ToList();
        var contracts = Enumerable.Range(0, 5).SelectMany(_ => new[]
        {
            Contract("F", "MANUFACTURING", "RECRUITMENT_SERVICE NPR 10000.00", march),
            Contract("M", "MANUFACTURING", "RECRUITMENT_SERVICE NPR 10500.50", march),
            Contract("M", "MANUFACTURING", "TRAVEL MYR 100.00", march),
        }).Concat(overCap).Append(Contract("F", "MANUFACTURING", "RECRUITMENT_SERVICE NPR 10000.00", march.AddMonths(-1)));
        foreach (var c in contracts)
        {
            await Given.AuditedAsync(c);
        }

        // The five violations of the one agency confirmed with a refund of NPR 2,000.00 each, paid.
        var auditor = FeeAuditsApp.Auditor("NP");
        foreach (var c in overCap)
        {
            var opened = await Given.CaseOfAsync(c.ContractId, "NP", "MY");
            var confirmed = await App.Audits.ConfirmCaseAsync(new ConfirmCaseRequest
            {
                Decision = Scenario.Decision(await App.Audits.AssignCaseAsync(Scenario.Decision(opened), auditor)),
                RefundAmount = new Money { CurrencyCode = "NPR", Amount = "2000.00" }, RefundDueOn = Scenario.Day(Scenario.Today.AddDays(30)),
            }, auditor);
            await App.Audits.MarkRefundPaidAsync(new MarkRefundPaidRequest { RefundId = confirmed.Refund.Id, EvidenceReference = "receipt 77" }, auditor);
        }

        var request = new CorridorReportRequest
        {
            OriginCountry = "NP", DestinationCountry = "MY", From = Scenario.Day(new DateOnly(2026, 3, 1)), To = Scenario.Day(Scenario.Today),
        };
        var report = await App.Audits.GetCorridorReportAsync(request, FeeAuditsApp.Authority("MY"));

        Assert.Equal(20, report.ContractsRegistered.Count);
        Assert.Equal(["F:10", "M:10"], report.ContractsRegistered.BySex.Select(b => $"{b.Key}:{b.Count}"));
        Assert.Equal(["DOMESTIC_WORK:5", "MANUFACTURING:15"], report.ContractsRegistered.BySector.Select(b => $"{b.Key}:{b.Count}"));
        Assert.Equal(["COMPLIANT:5", "VIOLATION:10", "UNDETERMINED:5", "PENDING:0"], report.AuditsByOutcome.Select(f => $"{f.Name}:{f.Count}"));
        Assert.Equal([new Money { CurrencyCode = "NPR", Amount = "12502.50" }], report.ExcessFound.Amounts);
        Assert.Equal(["F NPR 10000.00", "M NPR 2502.50"], report.ExcessFound.BySex.Select(b => $"{b.Key} {b.Amounts.Single().CurrencyCode} {b.Amounts.Single().Amount}"));
        // Cases are counted by the day they opened (today, by the clock): the period reaches today.
        Assert.Equal(5, report.CasesByState.Single(f => f.Name == "CONFIRMED").Count);
        Assert.Equal(5, report.CasesByState.Single(f => f.Name == "OPEN").Count);
        Assert.Equal(0, report.CasesByState.Single(f => f.Name == "DISMISSED").Count);
        Assert.Equal([new Money { CurrencyCode = "NPR", Amount = "10000.00" }], report.RefundsOrdered.Amounts);
        Assert.Equal([new Money { CurrencyCode = "NPR", Amount = "10000.00" }], report.RefundsPaid.Amounts);
        // Over time: cases by the month they opened, refunds by the month they were ordered (this one).
        var month = Scenario.Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Assert.Equal([$"{month}:5"], report.CasesByState.Single(f => f.Name == "CONFIRMED").ByMonth.Select(b => $"{b.Key}:{b.Count}"));
        Assert.Equal([$"{month}:5 NPR 10000.00"], report.RefundsOrdered.ByMonth.Select(b => $"{b.Key}:{b.Count} {b.Amounts.Single().CurrencyCode} {b.Amounts.Single().Amount}"));
        Assert.Equal([$"{month}:5"], report.RefundsPaid.ByMonth.Select(b => $"{b.Key}:{b.Count}"));
        var top = Assert.Single(report.AgenciesMostViolations);
        Assert.Equal((agency.ToString(), 5L, false), (top.AgencyId, top.ConfirmedCases, top.Suppressed));
        Assert.DoesNotContain(report.AuditsByOutcome.Concat(report.CasesByState), f => f.Suppressed);

        // The audit queue: the five undetermined contracts, each with what is missing; the ten violations with their excess,
        // paged newest first; and nothing of it for an auditor of another corridor.
        var undetermined = await App.Audits.ListAuditsAsync(
            new ListAuditsRequest { OriginCountry = "NP", DestinationCountry = "MY", Outcome = AuditOutcome.Undetermined }, FeeAuditsApp.Auditor("MY"));
        Assert.Equal(5, undetermined.Audits.Count);
        Assert.All(undetermined.Audits, a => Assert.Contains("MYR", a.UndeterminedReason, StringComparison.Ordinal));
        var firstPage = await App.Audits.ListAuditsAsync(new ListAuditsRequest
        {
            OriginCountry = "NP", DestinationCountry = "MY", Outcome = AuditOutcome.Violation, Page = new PageRequest { PageSize = 6 },
        }, FeeAuditsApp.Auditor("NP"));
        var secondPage = await App.Audits.ListAuditsAsync(new ListAuditsRequest
        {
            OriginCountry = "NP", DestinationCountry = "MY", Outcome = AuditOutcome.Violation, Page = new PageRequest { PageSize = 6, PageToken = firstPage.Page.NextPageToken },
        }, FeeAuditsApp.Auditor("NP"));
        var violations = firstPage.Audits.Concat(secondPage.Audits).ToList();
        Assert.Equal((6, 4, ""), (firstPage.Audits.Count, secondPage.Audits.Count, secondPage.Page.NextPageToken));
        Assert.Equal(10, violations.Select(a => a.ContractId).Distinct().Count());
        Assert.Equal(5, violations.Count(a => a.Excess.Amount == "2000.00" && a.AgencyId == agency.ToString()));
        Assert.Equal(violations.OrderByDescending(a => Guid.Parse(a.ContractId)).Select(a => a.ContractId), violations.Select(a => a.ContractId));
        var stranger = await Assert.ThrowsAsync<RpcException>(() => App.Audits.ListAuditsAsync(
            new ListAuditsRequest { OriginCountry = "NP", DestinationCountry = "MY", Outcome = AuditOutcome.Violation }, FeeAuditsApp.Auditor("PH")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, stranger.StatusCode);
        var noOutcome = await Assert.ThrowsAsync<RpcException>(() => App.Audits.ListAuditsAsync(
            new ListAuditsRequest { OriginCountry = "NP", DestinationCountry = "MY" }, FeeAuditsApp.Auditor("NP")).ResponseAsync);
        Assert.Equal("outcome", noOutcome.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);

        var csv = await App.Audits.ExportCorridorReportCsvAsync(request, FeeAuditsApp.Auditor("MY"));
        var lines = Encoding.UTF8.GetString(csv.Content.Span).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("figure,breakdown,key,count,currency,amount", lines[0]);
        Assert.Contains("excess_found,sex,M,5,NPR,2502.50", lines);
        Assert.Contains("contracts_registered,all,,20,,", lines);
        Assert.Contains($"refunds_ordered,month,{month},5,NPR,10000.00", lines);
        Assert.StartsWith("corridor-report-NP-MY-2026-03-01-", csv.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_corridor_report_splits_contracts_by_age_band_occupation_disability_month_and_orientation_and_grievances_by_kind_and_state()
    {
        // Fixture, NP→MY, five workers each (no cell small enough to suppress):
        //   F 23, ISCO 9111, disability declared,      oriented,     March
        //   F 30, ISCO 9111, disability not recorded,  oriented,     March
        //   M 40, ISCO 7112, no disability declared,   not oriented, March
        //   M 58, no ISCO code, not recorded,          not oriented, March
        //   M 45, ISCO 7112, no disability declared,   oriented,     April
        var march = new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);
        var oriented = new DateOnly(2026, 2, 20);
        var groups = new (string Sex, int Age, string Isco, string? Disability, DateOnly? Oriented, DateTimeOffset Registered)[]
        {
            ("F", 23, "9111", "DECLARED", oriented, march),
            ("F", 30, "9111", null, oriented, march),
            ("M", 40, "7112", "NONE_DECLARED", null, march),
            ("M", 58, "", null, null, march),
            ("M", 45, "7112", "NONE_DECLARED", oriented, march.AddMonths(1)),
        };
        var contracts = groups.SelectMany(g => Enumerable.Range(0, 5).Select(_ =>
        {
            var c = Contract(g.Sex, "MANUFACTURING", "RECRUITMENT_SERVICE NPR 10000.00", g.Registered);
            return c with { Contract = c.Contract with { WorkerAgeAtSigning = g.Age, Isco08Code = g.Isco, WorkerDisability = g.Disability, OrientedOn = g.Oriented } };
        })).ToList();
        foreach (var c in contracts)
        {
            await Given.AuditedAsync(c);
        }

        // Ten grievances: five of wages withheld, still received; five of documents retained, under review by Malaysia.
        var malaysia = FeeAuditsApp.Authority("MY");
        foreach (var (c, i) in contracts.Take(10).Select((c, i) => (c, i)))
        {
            var filed = await App.Grievances.FileGrievanceAsync(new Contracts.FeeAudits.V1.FileGrievanceRequest
            {
                ContractId = c.ContractId.ToString(), Kind = i < 5 ? GrievanceKind.WagesWithheld : GrievanceKind.DocumentsRetained,
                Account = "Told the help desk", RequestId = Guid.NewGuid().ToString(),
            }, FeeAuditsApp.Authority("NP"));
            if (i >= 5)
            {
                await App.Grievances.ReviewGrievanceAsync(new GrievanceDecisionRequest
                {
                    GrievanceId = filed.Id, ExpectedVersion = filed.Version, Reason = "Passport held by the employer", LegalBasis = "Passports Act 2017, s. 33",
                }, malaysia);
            }
        }

        var request = new CorridorReportRequest
        {
            OriginCountry = "NP", DestinationCountry = "MY", From = Scenario.Day(new DateOnly(2026, 3, 1)), To = Scenario.Day(Scenario.Today),
        };
        var report = await App.Audits.GetCorridorReportAsync(request, FeeAuditsApp.Auditor("NP"));

        var registered = report.ContractsRegistered;
        Assert.Equal(25, registered.Count);
        Assert.Equal(["18-24:5", "25-34:5", "35-44:5", "45-54:5", "55+:5"], registered.ByAgeBand.Select(Shown));
        Assert.Equal(["7:10", "9:10", "UNKNOWN:5"], registered.ByOccupation.Select(Shown));
        Assert.Equal(["DECLARED:5", "NONE_DECLARED:10", "NOT_RECORDED:10"], registered.ByDisability.Select(Shown));
        Assert.Equal(["2026-03:20", "2026-04:5"], registered.ByMonth.Select(Shown));
        Assert.Equal((15L, 10L), (report.OrientationRecorded.Count, report.OrientationNotRecorded.Count));
        Assert.Equal(["F:10", "M:5"], report.OrientationRecorded.BySex.Select(Shown));
        Assert.Equal(["35-44:5", "55+:5"], report.OrientationNotRecorded.ByAgeBand.Select(Shown).Where(s => !s.EndsWith(":0", StringComparison.Ordinal)));
        Assert.Empty(report.CasesByState[0].ByAgeBand); // cases are split by sex and sector only

        Assert.Equal(10, report.GrievancesFiled.Count);
        Assert.Equal(["RECEIVED:5", "UNDER_REVIEW:5"], report.GrievancesFiled.ByState.Select(Shown));
        Assert.Equal(["F:10"], report.GrievancesFiled.BySex.Select(Shown));
        Assert.Equal(Enum.GetValues<GrievanceKind>().Length - 1, report.GrievancesByKind.Count); // every kind, zero where none
        var wages = report.GrievancesByKind.Single(f => f.Name == "WAGES_WITHHELD");
        Assert.Equal(["RECEIVED:5", "UNDER_REVIEW:0"], wages.ByState.Select(Shown));
        Assert.Equal(0, report.GrievancesByKind.Single(f => f.Name == "ABUSE_OR_VIOLENCE").Count);

        var csv = Encoding.UTF8.GetString((await App.Audits.ExportCorridorReportCsvAsync(request, FeeAuditsApp.Auditor("NP"))).Content.Span)
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("contracts_registered,age_band,18-24,5,,", csv);
        Assert.Contains("contracts_registered,occupation,UNKNOWN,5,,", csv);
        Assert.Contains("contracts_registered,disability,DECLARED,5,,", csv);
        Assert.Contains("contracts_registered,month,2026-04,5,,", csv);
        Assert.Contains("orientation_recorded,all,,15,,", csv);
        Assert.Contains("grievances_documents_retained,state,UNDER_REVIEW,5,,", csv);
    }

    /// <summary>
    /// Fewer than five workers in a cell: the cell is suppressed (no count, no amounts; "suppressed" in the CSV), and so
    /// is a second cell of every line a reader could add up (each figure with its breakdowns, the outcomes with the
    /// contracts registered), so subtracting the published cells from a total never gives a suppressed one.
    /// </summary>
    [Fact]
    public async Task Cells_of_fewer_than_five_workers_are_suppressed_and_cannot_be_recovered_from_the_totals()
    {
        var march = new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);
        var contracts = Enumerable.Range(0, 6).Select(_ => Contract("F", "MANUFACTURING", "RECRUITMENT_SERVICE NPR 10000.00", march))
            .Concat(Enumerable.Range(0, 6).Select(_ => Contract("M", "MANUFACTURING", "RECRUITMENT_SERVICE NPR 9000.00", march)))
            .Concat(Enumerable.Range(0, 2).Select(_ => Contract("F", "DOMESTIC_WORK", "RECRUITMENT_SERVICE NPR 12000.00", march)))
            .Select((c, i) => c with { Contract = c.Contract with { WorkerAgeAtSigning = 30, WorkerDisability = i < 3 ? "DECLARED" : "NONE_DECLARED" } });
        foreach (var c in contracts)
        {
            await Given.AuditedAsync(c);
        }

        var request = new CorridorReportRequest
        {
            OriginCountry = "NP", DestinationCountry = "MY", From = Scenario.Day(new DateOnly(2026, 3, 1)), To = Scenario.Day(Scenario.Today),
        };
        var report = await App.Audits.GetCorridorReportAsync(request, FeeAuditsApp.Auditor("NP"));

        // 14 contracts: F 8, M 6; DOMESTIC_WORK 2 (suppressed), so MANUFACTURING 12 goes too; 12 COMPLIANT, 2 VIOLATION.
        Assert.Equal(14, report.ContractsRegistered.Count);
        Assert.Equal(["DOMESTIC_WORK:suppressed", "MANUFACTURING:suppressed"], report.ContractsRegistered.BySector.Select(Shown));
        var violation = report.AuditsByOutcome.Single(f => f.Name == "VIOLATION");
        Assert.True(violation.Suppressed);
        Assert.False(violation.HasCount);
        Assert.Empty(report.ExcessFound.Amounts);
        Assert.True(report.ExcessFound.Suppressed);
        Assert.All(report.CasesByState.Single(f => f.Name == "OPEN").BySex, b => Assert.True(b.Count == 0 || b.Suppressed));

        // Three workers declared a disability: that cell goes, and a second of the line with it.
        Assert.Equal(["DECLARED:suppressed", "NONE_DECLARED:suppressed"], report.ContractsRegistered.ByDisability.Select(Shown));

        // Every count shown is 0 or at least 5, and no line has exactly one suppressed cell.
        var figures = new[] { report.ContractsRegistered, report.ExcessFound, report.RefundsOrdered, report.RefundsPaid,
                report.OrientationRecorded, report.OrientationNotRecorded, report.GrievancesFiled }
            .Concat(report.AuditsByOutcome).Concat(report.CasesByState).Concat(report.GrievancesByKind).ToList();
        Assert.All(figures, f => Assert.True(f.Suppressed || f.Count == 0 || f.Count >= 5, Shown(f)));
        Assert.All(figures.SelectMany(f => Breakdowns(f).SelectMany(b => b)), b => Assert.True(b.Suppressed || b.Count == 0 || b.Count >= 5, Shown(b)));
        foreach (var f in figures)
        {
            Assert.All(Breakdowns(f).Where(b => b.Count > 0), b => Assert.NotEqual(1, b.Count(x => x.Suppressed) + (f.Suppressed ? 1 : 0)));
        }

        Assert.NotEqual(1, report.AuditsByOutcome.Count(f => f.Suppressed) + (report.ContractsRegistered.Suppressed ? 1 : 0));
        foreach (var sex in report.ContractsRegistered.BySex.Select(b => b.Key))
        {
            var column = report.AuditsByOutcome.Select(f => f.BySex.Single(b => b.Key == sex)).Append(report.ContractsRegistered.BySex.Single(b => b.Key == sex));
            Assert.NotEqual(1, column.Count(b => b.Suppressed));
        }

        var csv = Encoding.UTF8.GetString((await App.Audits.ExportCorridorReportCsvAsync(request, FeeAuditsApp.Auditor("NP"))).Content.Span);
        Assert.Contains("audits_violation,all,,suppressed,,", csv, StringComparison.Ordinal);
        Assert.Contains("contracts_registered,sector,DOMESTIC_WORK,suppressed,,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",2,", csv, StringComparison.Ordinal);
    }

    private static IEnumerable<IReadOnlyList<Breakdown>> Breakdowns(Figure f) =>
        [f.BySex, f.BySector, f.ByAgeBand, f.ByOccupation, f.ByDisability, f.ByMonth, f.ByState];

    private static string Shown(Breakdown b) => $"{b.Key}:{(b.Suppressed ? "suppressed" : b.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}";

    private static string Shown(Figure f) => $"{f.Name}:{(f.Suppressed ? "suppressed" : f.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}";

    [Fact]
    public async Task The_corridor_report_refuses_bad_periods_and_other_corridors()
    {
        var request = new CorridorReportRequest
        {
            OriginCountry = "NP", DestinationCountry = "MY", From = Scenario.Day(new DateOnly(2026, 3, 1)), To = Scenario.Day(Scenario.Today),
        };
        var bad = await Assert.ThrowsAsync<RpcException>(() => App.Audits.GetCorridorReportAsync(new CorridorReportRequest
        {
            OriginCountry = "NP", DestinationCountry = "MY", From = Scenario.Day(new DateOnly(2010, 1, 1)), To = Scenario.Day(new DateOnly(2021, 1, 1)),
        }, FeeAuditsApp.Authority("NP")).ResponseAsync);
        Assert.Equal("to", Field(bad));
        var backwards = await Assert.ThrowsAsync<RpcException>(() => App.Audits.GetCorridorReportAsync(new CorridorReportRequest
        {
            OriginCountry = "NP", DestinationCountry = "MY", From = Scenario.Day(new DateOnly(2026, 3, 1)), To = Scenario.Day(new DateOnly(2026, 2, 1)),
        }, FeeAuditsApp.Authority("NP")).ResponseAsync);
        Assert.Equal("to", Field(backwards));
        var stranger = await Assert.ThrowsAsync<RpcException>(() => App.Audits.GetCorridorReportAsync(request, FeeAuditsApp.Authority("PH")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, stranger.StatusCode);
    }

    private static IntegrationEvents.WorkerContracts.ContractChanged Contract(string sex, string sector, string fee, DateTimeOffset registeredAt, Guid? agency = null) =>
        Scenario.Contract("NP-MY", sector, "2026-03-01", "MYR 1500.00", [fee], sex: sex, agencyId: agency, registeredAt: registeredAt);

    public static TheoryData<string, Action<FeePolicy>> BadPolicies => new()
    {
        { "policy.fixed_cap.amount", p => p.FixedCap.Amount = "-1.00" },
        { "policy.fixed_cap.amount", p => p.FixedCap.Amount = "1.005" },
        { "policy.currency", p => p.Currency = "XYZ" },
        { "policy.prohibited_categories[0]", p => { p.Kind = Contracts.FeeAudits.V1.PolicyKind.ProhibitedCategories; p.FixedCap = null; p.ProhibitedCategories.Add((FeeCategory)99); } },
        { "policy.wage_multiple", p => { p.Kind = Contracts.FeeAudits.V1.PolicyKind.WageMultipleCap; p.FixedCap = null; } },
        { "policy.effective_until", p => p.EffectiveUntil = Scenario.Day(new DateOnly(2020, 1, 1)) },
        { "policy.jurisdiction_country", p => p.JurisdictionCountry = "PH" },
        { "policy.legal_reference", p => p.LegalReference = "" },
        { "policy.kind", p => p.Kind = Contracts.FeeAudits.V1.PolicyKind.Unspecified },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public async Task A_bad_policy_is_refused_naming_the_field_and_nothing_is_written(string field, Action<FeePolicy> spoil)
    {
        var policy = new FeePolicy
        {
            OriginCountry = "NP", DestinationCountry = "QA", JurisdictionCountry = "NP", Sector = Sector.DomesticWork,
            Kind = Contracts.FeeAudits.V1.PolicyKind.FixedCap, Currency = "NPR", FixedCap = new Money { CurrencyCode = "NPR", Amount = "5000.00" },
            EffectiveFrom = Scenario.Day(new DateOnly(2026, 1, 1)), LegalReference = "Test rule (test data)", Source = "test",
        };
        spoil(policy);
        var before = await App.CountAsync("SELECT COUNT(*) FROM fee_policies");

        var e = await Assert.ThrowsAsync<RpcException>(() => App.Audits.DefinePolicyAsync(new DefinePolicyRequest { Policy = policy, Reason = "test" }, FeeAuditsApp.Auditor("NP")).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(field, Field(e));
        Assert.Equal(before, await App.CountAsync("SELECT COUNT(*) FROM fee_policies"));
    }

    [Fact]
    public async Task A_cap_on_some_categories_counts_only_their_fees_and_a_withdrawn_policy_governs_no_later_contract()
    {
        // A placement fee of at most one month's wage (test data on a corridor of its own): the medical fee is not capped.
        var placement = new FeePolicy
        {
            OriginCountry = "NP", DestinationCountry = "JO", JurisdictionCountry = "NP", Kind = Contracts.FeeAudits.V1.PolicyKind.WageMultipleCap,
            Currency = "JOD", WageMultiple = "1", CappedCategories = { Contracts.WorkerContracts.V1.FeeCategory.RecruitmentService },
            LegalReference = "A placement-fee cap of one month's wage (test data)", Source = "test",
        };
        var defined = await App.Audits.DefinePolicyAsync(new DefinePolicyRequest { Policy = placement, Reason = "test" }, FeeAuditsApp.Auditor("NP"));
        Assert.Equal([Contracts.WorkerContracts.V1.FeeCategory.RecruitmentService], defined.CappedCategories);
        var within = await Given.AuditedAsync(Scenario.Contract("NP-JO", "MANUFACTURING", "2026-03-01", "JOD 300.000",
            ["RECRUITMENT_SERVICE JOD 250.000", "MEDICAL JOD 200.000"]));
        Assert.Equal(AuditOutcome.Compliant, within.Outcome); // all fees together (450) would break it
        var over = await Given.AuditedAsync(Scenario.Contract("NP-JO", "MANUFACTURING", "2026-03-01", "JOD 300.000",
            ["RECRUITMENT_SERVICE JOD 350.000", "MEDICAL JOD 200.000"]));
        Assert.Equal(AuditOutcome.Violation, over.Outcome);
        Assert.Equal("50.000", over.Findings.Single().Excess.Amount);

        var notACap = placement.Clone();
        notACap.Kind = Contracts.FeeAudits.V1.PolicyKind.ZeroFee;
        notACap.WageMultiple = "";
        var refused = await Assert.ThrowsAsync<RpcException>(() => App.Audits.DefinePolicyAsync(new DefinePolicyRequest { Policy = notACap, Reason = "test" }, FeeAuditsApp.Auditor("NP")).ResponseAsync);
        Assert.Equal("policy.capped_categories", Field(refused));

        // Withdrawn from 1 April: a contract signed after it is not judged by the policy; what was audited stays.
        var withdraw = new WithdrawPolicyRequest
        {
            PolicyId = defined.Id, ExpectedVersion = defined.Version, WithdrawnFrom = Scenario.Day(new DateOnly(2026, 4, 1)),
            Reason = "Replaced by the new directive", LegalBasis = "Directive 2026/4 (test data)",
        };
        var stranger = await Assert.ThrowsAsync<RpcException>(() => App.Audits.WithdrawPolicyAsync(withdraw, FeeAuditsApp.Auditor("PH")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, stranger.StatusCode);
        var withdrawn = await App.Audits.WithdrawPolicyAsync(withdraw, FeeAuditsApp.Auditor("JO"));
        Assert.Equal(new DateOnly(2026, 4, 1), new DateOnly(withdrawn.WithdrawnFrom.Year, withdrawn.WithdrawnFrom.Month, withdrawn.WithdrawnFrom.Day));
        Assert.Equal(defined.Version + 1, withdrawn.Version);
        Assert.Equal("Directive 2026/4 (test data)", await App.ScalarAsync<string>(App.AuditsDatabase,
            "SELECT legal_basis FROM fee_policy_history WHERE policy_id = @Id AND version = @Version", new { Id = Guid.Parse(defined.Id), withdrawn.Version }));
        // Its history: defined, then withdrawn, each version as it was, with who, why and (for the withdrawal) under which law.
        var history = await App.Audits.ListPolicyHistoryAsync(new ListPolicyHistoryRequest { PolicyId = defined.Id }, FeeAuditsApp.Authority("JO"));
        Assert.Equal([defined.Version, withdrawn.Version], history.Changes.Select(c => c.Version));
        Assert.Equal(("test", "", null), (history.Changes[0].Reason, history.Changes[0].LegalBasis, history.Changes[0].Policy.WithdrawnFrom));
        Assert.Equal(("Directive 2026/4 (test data)", 2026), (history.Changes[1].LegalBasis, history.Changes[1].Policy.WithdrawnFrom.Year));
        var hidden = await Assert.ThrowsAsync<RpcException>(() => App.Audits.ListPolicyHistoryAsync(
            new ListPolicyHistoryRequest { PolicyId = defined.Id }, FeeAuditsApp.Auditor("PH")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        var later = await Given.AuditedAsync(Scenario.Contract("NP-JO", "MANUFACTURING", "2026-04-01", "JOD 300.000", ["RECRUITMENT_SERVICE JOD 350.000"]));
        Assert.Equal(AuditOutcome.Undetermined, later.Outcome); // no policy governs it any more
        Assert.Equal(1, (await Given.AuditOfAsync(Guid.Parse(over.ContractId), 1, "NP")).AuditVersion);

        // Append-only: withdrawn once, and never redefined.
        withdraw.ExpectedVersion = withdrawn.Version;
        var again = await Assert.ThrowsAsync<RpcException>(() => App.Audits.WithdrawPolicyAsync(withdraw, FeeAuditsApp.Auditor("NP")).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        var redefine = withdrawn.Clone();
        redefine.WithdrawnFrom = null;
        var redefined = await Assert.ThrowsAsync<RpcException>(() => App.Audits.DefinePolicyAsync(
            new DefinePolicyRequest { Policy = redefine, ExpectedVersion = withdrawn.Version, Reason = "again" }, FeeAuditsApp.Auditor("NP")).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, redefined.StatusCode);
    }

    [Fact]
    public async Task Overlapping_periods_of_one_scope_are_refused_and_a_new_policy_re_audits_what_no_rule_could_judge()
    {
        // Nepal's default cap is in force from 2015-07-06 without end: a second fixed cap of Nepal's for NP→QA overlaps it.
        var overlapping = new FeePolicy
        {
            OriginCountry = "NP", DestinationCountry = "QA", JurisdictionCountry = "NP", Kind = Contracts.FeeAudits.V1.PolicyKind.FixedCap, Currency = "NPR",
            FixedCap = new Money { CurrencyCode = "NPR", Amount = "5000.00" }, EffectiveFrom = Scenario.Day(new DateOnly(2027, 1, 1)),
            LegalReference = "A later cap (test data)", Source = "test",
        };
        var e = await Assert.ThrowsAsync<RpcException>(() => App.Audits.DefinePolicyAsync(new DefinePolicyRequest { Policy = overlapping, Reason = "test" }, FeeAuditsApp.Auditor("NP")).ResponseAsync);
        Assert.Equal("policy.effective_from", Field(e));

        // A contract of a corridor without policies is UNDETERMINED until one is defined; then it is audited again.
        var contract = Scenario.Contract("NP-KW", "CONSTRUCTION", "2026-03-01", "KWD 120.000", ["RECRUITMENT_SERVICE NPR 12000.00"]);
        Assert.Equal(Contracts.WorkerContracts.V1.AuditOutcome.Undetermined, (await Given.AuditedAsync(contract)).Outcome);
        var kuwait = overlapping.Clone();
        kuwait.DestinationCountry = "KW";
        kuwait.EffectiveFrom = Scenario.Day(new DateOnly(2015, 7, 6));
        kuwait.FixedCap = new Money { CurrencyCode = "NPR", Amount = "10000.00" };
        kuwait.LegalReference = "Nepal \"free visa, free ticket\": Kuwait is one of the seven destinations";
        var defined = await App.Audits.DefinePolicyAsync(new DefinePolicyRequest { Policy = kuwait, Reason = "Kuwait corridor opened" }, FeeAuditsApp.Auditor("NP"));
        Assert.Equal(1, defined.Version);
        var audit = await Given.AuditOfAsync(contract.ContractId, 1, "NP", a => a.AuditVersion == 2);
        Assert.Equal(Contracts.WorkerContracts.V1.AuditOutcome.Violation, audit.Outcome);
        Assert.Equal(defined.Id, audit.DecidingPolicyId);
    }

    [Fact]
    public async Task Who_may_call_what()
    {
        var rate = new SetExchangeRateRequest { Rate = new ExchangeRate { BaseCurrency = "QAR", QuoteCurrency = "NPR", Rate = "37.10", OnDate = Scenario.Day(Scenario.Today), Source = "test" } };
        var list = new ListPoliciesRequest { OriginCountry = "NP", DestinationCountry = "QA" };
        async Task<StatusCode> Status(Func<Task> call)
        {
            try
            {
                await call();
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }

        // Rates: auditors whose currency is in the pair; not authorities, not other auditors, not agencies, not anonymous.
        Assert.Equal(StatusCode.OK, await Status(() => App.Audits.SetExchangeRateAsync(rate, FeeAuditsApp.Auditor("QA")).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await Status(() => App.Audits.SetExchangeRateAsync(rate, FeeAuditsApp.Auditor("PH")).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await Status(() => App.Audits.SetExchangeRateAsync(rate, FeeAuditsApp.Authority("NP")).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await Status(() => App.Audits.SetExchangeRateAsync(rate, FeeAuditsApp.Agency(Guid.NewGuid())).ResponseAsync));
        Assert.Equal(StatusCode.Unauthenticated, await Status(() => App.Audits.SetExchangeRateAsync(rate, FeeAuditsApp.Anonymous).ResponseAsync));
        Assert.Equal(StatusCode.Unauthenticated, await Status(() => App.Audits.SetExchangeRateAsync(rate, FeeAuditsApp.Expired()).ResponseAsync));
        Assert.Equal(StatusCode.Unauthenticated, await Status(() => App.Audits.SetExchangeRateAsync(rate, FeeAuditsApp.OtherKey()).ResponseAsync));
        // The rates held: the one set, listed for either of its currencies and for all; none of another currency.
        var held = (await App.Audits.ListExchangeRatesAsync(new ListExchangeRatesRequest { Currency = "NPR" }, FeeAuditsApp.Authority("NP"))).Rates.Single();
        Assert.Equal(("QAR", "NPR", "37.10", "test"), (held.BaseCurrency, held.QuoteCurrency, held.Rate, held.Source));
        Assert.Single((await App.Audits.ListExchangeRatesAsync(new ListExchangeRatesRequest(), FeeAuditsApp.Auditor("PH"))).Rates);
        Assert.Empty((await App.Audits.ListExchangeRatesAsync(new ListExchangeRatesRequest { Currency = "PHP" }, FeeAuditsApp.Auditor("PH"))).Rates);
        Assert.Equal(StatusCode.PermissionDenied, await Status(() => App.Audits.ListExchangeRatesAsync(new ListExchangeRatesRequest(), FeeAuditsApp.Agency(Guid.NewGuid())).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Status(() => App.Audits.ListExchangeRatesAsync(new ListExchangeRatesRequest { Currency = "Rupee" }, FeeAuditsApp.Auditor("QA")).ResponseAsync));

        // Policies: read by both sides' authorities and auditors; not by strangers or agencies.
        Assert.Equal(StatusCode.OK, await Status(() => App.Audits.ListPoliciesAsync(list, FeeAuditsApp.Authority("QA")).ResponseAsync));
        Assert.Equal(StatusCode.OK, await Status(() => App.Audits.ListPoliciesAsync(list, FeeAuditsApp.Auditor("NP")).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await Status(() => App.Audits.ListPoliciesAsync(list, FeeAuditsApp.Authority("PH")).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await Status(() => App.Audits.ListPoliciesAsync(list, FeeAuditsApp.Agency(Guid.NewGuid())).ResponseAsync));
        var policies = await App.Audits.ListPoliciesAsync(list, FeeAuditsApp.Auditor("NP"));
        Assert.Equal(3, policies.Policies.Count); // Nepal's cap, Qatar's Art. 33, the ILO's illegitimate costs
        Assert.All(policies.Policies, p => Assert.False(string.IsNullOrEmpty(p.LegalReference) || string.IsNullOrEmpty(p.Source)));

        // Defining a policy: auditors of the corridor only; an authority of the corridor is refused.
        var define = new DefinePolicyRequest { Policy = policies.Policies[0].Clone(), ExpectedVersion = policies.Policies[0].Version, Reason = "citation corrected" };
        define.Policy.Source += " (checked)";
        Assert.Equal(StatusCode.PermissionDenied, await Status(() => App.Audits.DefinePolicyAsync(define, FeeAuditsApp.Authority("NP")).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await Status(() => App.Audits.DefinePolicyAsync(define, FeeAuditsApp.Auditor("PH")).ResponseAsync));
        Assert.Equal(StatusCode.OK, await Status(() => App.Audits.DefinePolicyAsync(define, FeeAuditsApp.Auditor("QA")).ResponseAsync));
        Assert.Equal(1, await App.CountAsync("SELECT COUNT(*) FROM fee_policy_history WHERE policy_id = @Id AND version = 2", new { Id = Guid.Parse(define.Policy.Id) }));
    }

    private static string? Field(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.FirstOrDefault()?.Field;
}
