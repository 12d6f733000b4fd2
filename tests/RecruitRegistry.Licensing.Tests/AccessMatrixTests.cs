using Grpc.Core;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Testing;
using Api = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.Licensing.Tests;

/// <summary>
/// Every RPC × every kind of caller against the expected table in docs/security.md (the issue's "Who may do what"). "allow" means the
/// call got past the access rules (writes carry a stale version or a taken key, so they fail afterwards with ABORTED,
/// ALREADY_EXISTS or FAILED_PRECONDITION and change nothing); "deny" means PERMISSION_DENIED for a known caller and
/// UNAUTHENTICATED for a missing, expired or foreign-signed token.
/// </summary>
public sealed class AccessMatrixTests(Servers servers) : LicensingTest(servers)
{
    [Fact]
    public async Task Every_rpc_answers_every_kind_of_caller_as_the_access_table_says()
    {
        var corridor = await Given.OpenCorridorAsync();
        var agency = await Given.RegisterAgencyAsync(number: "DoFE-MATRIX");
        var other = await Given.RegisterAgencyAsync(name: "Other Agency");
        var licenceRequest = CorridorScenario.OriginLicence(agency);
        var licence = await App.Client.IssueLicenceAsync(licenceRequest, LicensingApp.Authority("NP"));
        var suspendedRequest = CorridorScenario.OriginLicence(agency);
        var toAppeal = await App.Client.IssueLicenceAsync(suspendedRequest, LicensingApp.Authority("NP"));
        toAppeal = await App.Client.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = CorridorScenario.Decision(toAppeal) }, LicensingApp.Authority("NP"));
        var decisions = (await App.Client.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = toAppeal.Id }, LicensingApp.Authority("NP"))).Decisions;
        var appeal = await App.Client.FileAppealAsync(new FileAppealRequest { DecisionId = decisions.Last().Id, Grounds = "g" }, LicensingApp.Agency(Guid.Parse(agency.Id)));
        await App.Client.SetAppealRuleAsync(AppealRule(version: 0), LicensingApp.Authority("NP"));

        var stale = new LicenceDecisionRequest { LicenceId = licence.Id, ExpectedVersion = 999, Reason = "r", LegalBasis = "l" };
        var staleCorridor = new CorridorDecisionRequest { CorridorId = corridor.Id, ExpectedVersion = 999, Reason = "r", LegalBasis = "l" };
        var calls = new Dictionary<string, Func<CallOptions, Task>>
        {
            ["ProposeCorridor"] = o => App.Client.ProposeCorridorAsync(CorridorScenario.Proposal(), o).ResponseAsync,
            ["ApproveCorridor"] = o => App.Client.ApproveCorridorAsync(staleCorridor, o).ResponseAsync,
            ["SuspendCorridor"] = o => App.Client.SuspendCorridorAsync(staleCorridor, o).ResponseAsync,
            ["CloseCorridor"] = o => App.Client.CloseCorridorAsync(staleCorridor, o).ResponseAsync,
            ["GetCorridor"] = o => App.Client.GetCorridorAsync(new GetCorridorRequest { CorridorId = corridor.Id }, o).ResponseAsync,
            ["ListCorridors"] = o => App.Client.ListCorridorsAsync(new ListCorridorsRequest(), o).ResponseAsync,
            ["RegisterAgency"] = o => App.Client.RegisterAgencyAsync(new RegisterAgencyRequest
            {
                LegalName = "Duplicate", RegistrationNumber = "DoFE-MATRIX", Country = "NP", Address = "Kathmandu",
            }, o).ResponseAsync,
            ["GetAgency"] = o => App.Client.GetAgencyAsync(new GetAgencyRequest { AgencyId = agency.Id }, o).ResponseAsync,
            ["IssueLicence"] = o => App.Client.IssueLicenceAsync(licenceRequest, o).ResponseAsync,
            ["RenewLicence"] = o => App.Client.RenewLicenceAsync(new RenewLicenceRequest { Decision = stale, ValidUntil = CorridorScenario.Day(CorridorScenario.Today.AddYears(9)) }, o).ResponseAsync,
            ["AmendLicence"] = o => App.Client.AmendLicenceAsync(new AmendLicenceRequest
            {
                Decision = stale, DestinationCountries = { "QA" }, Sectors = { Sector.Construction }, SecurityBond = new Money { CurrencyCode = "NPR", Amount = "1" },
            }, o).ResponseAsync,
            ["SuspendLicence"] = o => App.Client.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = stale }, o).ResponseAsync,
            ["ReinstateLicence"] = o => App.Client.ReinstateLicenceAsync(stale, o).ResponseAsync,
            ["RevokeLicence"] = o => App.Client.RevokeLicenceAsync(stale, o).ResponseAsync,
            ["GetLicence"] = o => App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, o).ResponseAsync,
            ["ListLicenceHistory"] = o => App.Client.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = licence.Id }, o).ResponseAsync,
            ["FileAppeal"] = o => App.Client.FileAppealAsync(new FileAppealRequest { DecisionId = decisions.Last().Id, Grounds = "again" }, o).ResponseAsync,
            ["DecideAppeal"] = o => App.Client.DecideAppealAsync(new DecideAppealRequest { AppealId = appeal.Id, Outcome = AppealState.Upheld, Reason = "r", LegalBasis = "l" }, o).ResponseAsync,
            ["ListAppeals"] = o => App.Client.ListAppealsAsync(new ListAppealsRequest(), o).ResponseAsync,
            ["SetAppealRule"] = o => App.Client.SetAppealRuleAsync(AppealRule(version: 999), o).ResponseAsync,
            ["GetAppealRule"] = o => App.Client.GetAppealRuleAsync(new GetAppealRuleRequest { Country = "NP" }, o).ResponseAsync,
            ["ListAppealRuleHistory"] = o => App.Client.ListAppealRuleHistoryAsync(new GetAppealRuleRequest { Country = "NP" }, o).ResponseAsync,
            ["GetComplianceRecord"] = o => App.Client.GetComplianceRecordAsync(new GetAgencyRequest { AgencyId = agency.Id }, o).ResponseAsync,
            ["CheckAuthorization"] = o => App.Client.CheckAuthorizationAsync(new CheckAuthorizationRequest
            {
                AgencyId = agency.Id, OriginCountry = "NP", DestinationCountry = "QA", Sector = Sector.Construction,
            }, o).ResponseAsync,
            ["SearchRegistry"] = o => App.Client.SearchRegistryAsync(new SearchRegistryRequest { Name = "himalayan" }, o).ResponseAsync,
            ["GetCorridorDigest"] = o => App.Client.GetCorridorDigestAsync(new GetCorridorDigestRequest { OriginCountry = "NP", DestinationCountry = "QA" }, o).ResponseAsync,
            ["RepublishCorridor"] = o => App.Client.RepublishCorridorAsync(new RepublishCorridorRequest { OriginCountry = "NP", DestinationCountry = "QA" }, o).ResponseAsync,
        };

        // Every RPC of the service is in the table.
        Assert.Equal(Api.Licensing.Descriptor.Methods.Select(m => m.Name).Order(StringComparer.Ordinal), calls.Keys.Order(StringComparer.Ordinal));

        var callers = new Dictionary<string, CallOptions>
        {
            ["anonymous"] = LicensingApp.Anonymous,
            ["own authority"] = LicensingApp.Authority("NP"),
            ["other-side authority"] = LicensingApp.Authority("QA"),
            ["stranger authority"] = LicensingApp.Authority("PH"),
            ["auditor"] = LicensingApp.Auditor("NP"),
            ["own agency"] = LicensingApp.Agency(Guid.Parse(agency.Id)),
            ["other agency"] = LicensingApp.Agency(Guid.Parse(other.Id)),
            ["expired token"] = LicensingApp.Expired(),
            ["foreign key"] = LicensingApp.OtherKey(),
        };
        var mismatches = await AccessMatrix.MismatchesAsync(AccessTable.Of(Api.Licensing.Descriptor.FullName), calls, callers, LicensingApp.Malformed(Guid.Parse(agency.Id)));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static SetAppealRuleRequest AppealRule(long version) => new()
    {
        DecisionDays = 30, LegalReference = "Appeal rule (test data)", Source = "Test gazette", Reason = "r", ExpectedVersion = version,
    };

    [Fact]
    public async Task A_caller_outside_a_records_scope_is_answered_exactly_as_for_an_id_that_does_not_exist()
    {
        await Given.OpenCorridorAsync();
        var agency = await Given.RegisterAgencyAsync(number: "DoFE-HIDDEN");
        var licence = await App.Client.IssueLicenceAsync(CorridorScenario.OriginLicence(agency), LicensingApp.Authority("NP"));
        var unknown = Guid.NewGuid().ToString();

        foreach (var caller in new[] { LicensingApp.Authority("PH"), LicensingApp.Agency(Guid.NewGuid()) })
        {
            async Task<string> Answer(string id, Func<string, CallOptions, Task> call)
            {
                var ex = await Assert.ThrowsAsync<RpcException>(() => call(id, caller));
                Assert.Equal(StatusCode.NotFound, ex.StatusCode);
                return ex.Status.Detail.Replace(id, "{id}", StringComparison.Ordinal);
            }

            Task Get(string id, CallOptions o) => App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = id }, o).ResponseAsync;
            Task Suspend(string id, CallOptions o) => App.Client.SuspendLicenceAsync(new SuspendLicenceRequest
            {
                Decision = new LicenceDecisionRequest { LicenceId = id, ExpectedVersion = 1, Reason = "r", LegalBasis = "l" },
            }, o).ResponseAsync;
            Task GetAgency(string id, CallOptions o) => App.Client.GetAgencyAsync(new GetAgencyRequest { AgencyId = id }, o).ResponseAsync;

            Assert.Equal(await Answer(unknown, Get), await Answer(licence.Id, Get));
            Assert.Equal(await Answer(unknown, Suspend), await Answer(licence.Id, Suspend));
            Assert.Equal(await Answer(unknown, GetAgency), await Answer(agency.Id, GetAgency));
        }
    }
}
