using Dapper;
using Google.Rpc;
using Grpc.Core;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Licensing.Tests;

/// <summary>Every malformed field answers INVALID_ARGUMENT naming it; nothing is written.</summary>
public sealed class BadInputTests(Servers servers) : LicensingTest(servers)
{
    private static async Task<IReadOnlyList<string>> FieldsAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(f => f.Field).ToList();
    }

    private async Task<long> RowsAsync(string table)
    {
        await using var connection = new Npgsql.NpgsqlConnection(App.ConnectionString);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    public static TheoryData<string, ProposeCorridorRequest> BadCorridors()
    {
        var huge = new string('x', 1_000_000);
        return new()
        {
            { "origin_country", CorridorScenario.Proposal() .With(r => r.OriginCountry = "Nepal") },
            { "destination_country", CorridorScenario.Proposal().With(r => r.DestinationCountry = "np") },
            { "destination_country", CorridorScenario.Proposal().With(r => r.DestinationCountry = "NP") },
            { "bilateral_agreement_reference", CorridorScenario.Proposal().With(r => r.BilateralAgreementReference = " ") },
            { "bilateral_agreement_reference", CorridorScenario.Proposal().With(r => r.BilateralAgreementReference = huge) },
            { "minimum_worker_age", CorridorScenario.Proposal().With(r => r.MinimumWorkerAge = 16) },
            { "sectors", CorridorScenario.Proposal().With(r => r.Sectors.Clear()) },
            { "sectors[2]", CorridorScenario.Proposal().With(r => r.Sectors.Add((Sector)99)) },
            { "suspension_threshold", CorridorScenario.Proposal().With(r => r.SuspensionThreshold = -1) },
            { "grievance_window_months", CorridorScenario.Proposal().With(r => { r.GrievanceWindowMonths = 241; r.GrievanceWindowLegalBasis = "l"; }) },
            { "grievance_window_legal_basis", CorridorScenario.Proposal().With(r => r.GrievanceWindowMonths = 24) },
            { "grievance_window_legal_basis", CorridorScenario.Proposal().With(r => r.GrievanceWindowLegalBasis = "Labour Act 2074, s.99") },
            { "orientation_required", CorridorScenario.Proposal().With(r => { r.OrientationRequired = (OrientationRequirement)9; r.OrientationLegalBasis = "l"; }) },
            { "orientation_legal_basis", CorridorScenario.Proposal().With(r => r.OrientationRequired = OrientationRequirement.BeforeEndorsement) },
            { "orientation_legal_basis", CorridorScenario.Proposal().With(r => r.OrientationLegalBasis = "Foreign Employment Act 2064, s.27") },
            { "grievance_kinds_counted[1]", CorridorScenario.Proposal().With(r => r.GrievanceKindsCounted.Add([Contracts.FeeAudits.V1.GrievanceKind.JobDeception, (Contracts.FeeAudits.V1.GrievanceKind)99])) },
        };
    }

    [Theory]
    [MemberData(nameof(BadCorridors))]
    public async Task A_bad_corridor_proposal_names_the_field_and_writes_nothing(string field, ProposeCorridorRequest request)
    {
        var fields = await FieldsAsync(() => App.Client.ProposeCorridorAsync(request, LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Contains(field, fields);
        Assert.Equal(0, await RowsAsync("corridors"));
        Assert.Equal(0, await RowsAsync("outbox"));
    }

    [Fact]
    public async Task A_bad_licence_names_every_field_and_writes_nothing()
    {
        var agency = await Given.RegisterAgencyAsync();
        var outboxBefore = await RowsAsync("outbox");
        var request = CorridorScenario.OriginLicence(agency);
        request.Kind = (LicenceKind)7;
        request.ValidUntil = new Date { Year = 2020, Month = 1, Day = 1 };
        request.ValidFrom = new Date { Year = 2024, Month = 2, Day = 30 };
        request.SecurityBond = new Money { CurrencyCode = "NPR", Amount = "-5000000.00" };
        request.DestinationCountries.Add("XX");
        request.Reason = "";
        request.LegalBasis = "";

        var fields = await FieldsAsync(() => App.Client.IssueLicenceAsync(request, LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Equal(["kind", "valid_from", "security_bond.amount", "reason", "legal_basis", "destination_countries[1]"], fields);
        Assert.Equal(0, await RowsAsync("licences"));
        Assert.Equal(outboxBefore, await RowsAsync("outbox"));
    }

    [Fact]
    public async Task Validity_ending_before_it_starts_and_a_bond_in_an_unknown_currency_are_refused()
    {
        var agency = await Given.RegisterAgencyAsync();
        var request = CorridorScenario.OriginLicence(agency, from: CorridorScenario.Today, until: CorridorScenario.Today.AddDays(-1));
        request.SecurityBond = new Money { CurrencyCode = "RUPEES", Amount = "1.5" };
        var fields = await FieldsAsync(() => App.Client.IssueLicenceAsync(request, LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Equal(["valid_until", "security_bond.currency_code"], fields);
    }

    [Fact]
    public async Task Duplicate_registration_and_licence_numbers_already_exist_and_unknown_ids_are_not_found()
    {
        var agency = await Given.RegisterAgencyAsync(number: "DoFE-123");
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => Given.RegisterAgencyAsync(number: "DoFE-123"));
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        Assert.Equal(1, await RowsAsync("agencies"));

        var request = CorridorScenario.OriginLicence(agency);
        await App.Client.IssueLicenceAsync(request, LicensingApp.Authority("NP"));
        var again = await Assert.ThrowsAsync<RpcException>(() => App.Client.IssueLicenceAsync(request, LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => App.Client.IssueLicenceAsync(
            CorridorScenario.OriginLicence(agency).With(r => r.AgencyId = Guid.NewGuid().ToString()), LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        var malformed = await FieldsAsync(() => App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = "42" }, LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Equal(["licence_id"], malformed);
    }

    [Fact]
    public async Task Decisions_need_a_reason_and_a_legal_basis()
    {
        var agency = await Given.RegisterAgencyAsync();
        var licence = await Given.IssueOriginLicenceAsync(agency);
        var fields = await FieldsAsync(() => App.Client.SuspendLicenceAsync(new SuspendLicenceRequest
        {
            Decision = new LicenceDecisionRequest { LicenceId = licence.Id, ExpectedVersion = 0 },
            Until = new Date { Year = 2026, Month = 13, Day = 1 },
        }, LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Equal(["until", "decision.expected_version", "decision.reason", "decision.legal_basis"], fields);
    }

    [Fact]
    public async Task An_appeal_rule_needs_its_days_its_law_its_source_and_a_reason()
    {
        var fields = await FieldsAsync(() => App.Client.SetAppealRuleAsync(new SetAppealRuleRequest
        {
            DecisionDays = 0, LegalReference = " ", Source = new string('x', 501), Reason = "", ExpectedVersion = -1,
        }, LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Equal(["decision_days", "legal_reference", "source", "reason", "expected_version"], fields);
        Assert.Equal(0, await RowsAsync("appeal_rules"));
        var country = await FieldsAsync(() => App.Client.GetAppealRuleAsync(new GetAppealRuleRequest { Country = "Nepal" }, LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Equal(["country"], country);
    }
}

internal static class RequestExtensions
{
    public static T With<T>(this T request, Action<T> change)
    {
        change(request);
        return request;
    }
}
