using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Licensing.Agencies;
using RecruitRegistry.Licensing.Compliance;
using RecruitRegistry.Licensing.Consistency;
using RecruitRegistry.Licensing.Corridors;
using RecruitRegistry.Licensing.Licences;
using RecruitRegistry.Licensing.Registry;
using RecruitRegistry.Platform.Security;
using Api = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.Licensing.Grpc;

/// <summary>
/// The public gRPC API of Licensing (recruit.licensing.v1.Licensing): each RPC hands the request and the caller to
/// one handler. Every RPC needs a token except CheckAuthorization and SearchRegistry, which workers use anonymously.
/// </summary>
[Authorize(Policy = Policies.Authenticated)]
internal sealed class LicensingGrpcService(
    CorridorCommands corridors,
    CorridorQueries corridorQueries,
    AgencyCommands agencies,
    LicenceCommands licences,
    LicenceQueries licenceQueries,
    LicenceAppeals appeals,
    AppealRules appealRules,
    RegistryQueries registry,
    ComplianceQueries compliance,
    CorridorConsistency consistency) : Api.Licensing.LicensingBase
{
    public override Task<Corridor> ProposeCorridor(ProposeCorridorRequest request, ServerCallContext context) =>
        corridors.ProposeAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Corridor> ApproveCorridor(CorridorDecisionRequest request, ServerCallContext context) =>
        corridors.ApproveAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Corridor> SuspendCorridor(CorridorDecisionRequest request, ServerCallContext context) =>
        corridors.SuspendAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Corridor> CloseCorridor(CorridorDecisionRequest request, ServerCallContext context) =>
        corridors.CloseAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Corridor> GetCorridor(GetCorridorRequest request, ServerCallContext context) =>
        corridorQueries.GetAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListCorridorsReply> ListCorridors(ListCorridorsRequest request, ServerCallContext context) =>
        corridorQueries.ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Agency> RegisterAgency(RegisterAgencyRequest request, ServerCallContext context) =>
        agencies.RegisterAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Agency> GetAgency(GetAgencyRequest request, ServerCallContext context) =>
        agencies.GetAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Api.Licence> IssueLicence(IssueLicenceRequest request, ServerCallContext context) =>
        licences.IssueAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Api.Licence> RenewLicence(RenewLicenceRequest request, ServerCallContext context) =>
        licences.RenewAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Api.Licence> AmendLicence(AmendLicenceRequest request, ServerCallContext context) =>
        licences.AmendAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Api.Licence> SuspendLicence(SuspendLicenceRequest request, ServerCallContext context) =>
        licences.SuspendAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Api.Licence> ReinstateLicence(LicenceDecisionRequest request, ServerCallContext context) =>
        licences.ReinstateAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Api.Licence> RevokeLicence(LicenceDecisionRequest request, ServerCallContext context) =>
        licences.RevokeAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Api.Licence> GetLicence(GetLicenceRequest request, ServerCallContext context) =>
        licenceQueries.GetAsync(request, context.Caller(), context.CancellationToken);

    public override Task<LicenceHistory> ListLicenceHistory(GetLicenceRequest request, ServerCallContext context) =>
        licenceQueries.HistoryAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Appeal> FileAppeal(FileAppealRequest request, ServerCallContext context) =>
        appeals.FileAppealAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Appeal> DecideAppeal(DecideAppealRequest request, ServerCallContext context) =>
        appeals.DecideAppealAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListAppealsReply> ListAppeals(ListAppealsRequest request, ServerCallContext context) =>
        appeals.ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<AppealRule> SetAppealRule(SetAppealRuleRequest request, ServerCallContext context) =>
        appealRules.SetAsync(request, context.Caller(), context.CancellationToken);

    public override Task<AppealRule> GetAppealRule(GetAppealRuleRequest request, ServerCallContext context) =>
        appealRules.GetAsync(request, context.Caller(), context.CancellationToken);

    public override Task<AppealRuleHistory> ListAppealRuleHistory(GetAppealRuleRequest request, ServerCallContext context) =>
        appealRules.HistoryAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ComplianceRecord> GetComplianceRecord(GetAgencyRequest request, ServerCallContext context) =>
        compliance.GetAsync(request, context.Caller(), context.CancellationToken);

    [AllowAnonymous]
    public override Task<CheckAuthorizationReply> CheckAuthorization(CheckAuthorizationRequest request, ServerCallContext context) =>
        registry.CheckAsync(request, context.CancellationToken);

    [AllowAnonymous]
    public override Task<SearchRegistryReply> SearchRegistry(SearchRegistryRequest request, ServerCallContext context) =>
        registry.SearchAsync(request, context.CancellationToken);

    public override Task<CorridorDigest> GetCorridorDigest(GetCorridorDigestRequest request, ServerCallContext context) =>
        consistency.DigestAsync(request, context.Caller(), context.CancellationToken);

    public override Task<RepublishCorridorReply> RepublishCorridor(RepublishCorridorRequest request, ServerCallContext context) =>
        consistency.RepublishAsync(request, context.Caller(), context.CancellationToken);
}
