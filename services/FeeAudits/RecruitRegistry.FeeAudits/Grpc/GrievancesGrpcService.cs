using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Grievances;
using RecruitRegistry.Platform.Security;
using Api = RecruitRegistry.Contracts.FeeAudits.V1;

namespace RecruitRegistry.FeeAudits.Grpc;

/// <summary>
/// The grievances API (recruit.feeaudits.v1.Grievances), served by the FeeAudits host: each RPC hands the request and
/// the caller to one handler. Every RPC needs a token: workers file and follow theirs through WorkerContracts.
/// </summary>
[Authorize(Policy = Platform.Security.Policies.Authenticated)]
internal sealed class GrievancesGrpcService(
    GrievanceFiling filing, GrievanceDecisions decisions, GrievanceOutcomes outcomes, GrievanceAppeals appeals, GrievanceQueries queries) : Api.Grievances.GrievancesBase
{
    public override Task<ListGrievanceKindsReply> ListGrievanceKinds(ListGrievanceKindsRequest request, ServerCallContext context) =>
        queries.KindsAsync(context.CancellationToken);

    public override Task<Grievance> FileGrievance(FileGrievanceRequest request, ServerCallContext context) =>
        filing.FileByAuthorityAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Grievance> GetGrievance(GetGrievanceRequest request, ServerCallContext context) =>
        queries.GetAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListGrievancesReply> ListGrievances(ListGrievancesRequest request, ServerCallContext context) =>
        queries.ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Grievance> ReviewGrievance(GrievanceDecisionRequest request, ServerCallContext context) =>
        decisions.ReviewAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Grievance> ReferGrievance(ReferGrievanceRequest request, ServerCallContext context) =>
        decisions.ReferAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Grievance> ResolveGrievance(ResolveGrievanceRequest request, ServerCallContext context) =>
        decisions.ResolveAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Grievance> DismissGrievance(GrievanceDecisionRequest request, ServerCallContext context) =>
        decisions.DismissAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Grievance> MarkOutcomeFulfilled(MarkOutcomeFulfilledRequest request, ServerCallContext context) =>
        outcomes.MarkFulfilledAsync(request, context.Caller(), context.CancellationToken);

    public override Task<AppealGrievanceReply> AppealGrievance(AppealGrievanceRequest request, ServerCallContext context) =>
        appeals.AppealAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Grievance> DecideGrievanceAppeal(DecideGrievanceAppealRequest request, ServerCallContext context) =>
        decisions.DecideAppealAsync(request, context.Caller(), context.CancellationToken);
}
