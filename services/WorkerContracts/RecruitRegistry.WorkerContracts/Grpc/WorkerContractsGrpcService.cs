using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.WorkerContracts.Consistency;
using RecruitRegistry.WorkerContracts.Orientations;
using RecruitRegistry.WorkerContracts.Registration;
using RecruitRegistry.WorkerContracts.Verification;
using Api = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.WorkerContracts.Grpc;

/// <summary>
/// The public gRPC API of WorkerContracts (recruit.contracts.v1.WorkerContracts): each RPC hands the request and the
/// caller to one handler. Every RPC needs a token except the seven workers call with their reference and code
/// (VerifyContract, CompareTerms, ReportFeesPaid, ListWorkerCases, FileGrievance, ListWorkerGrievances, AppealGrievance;
/// also as JSON: POST /v1/contracts/{reference}:verify, :compare, :reportFees, :cases, :fileGrievance, :grievances and
/// :appealGrievance).
/// </summary>
[Authorize(Policy = Policies.Authenticated)]
internal sealed class WorkerContractsGrpcService(
    RegisterContract registration,
    ContractCommands commands,
    ContractQueries queries,
    WorkerVerification verification,
    WorkerGrievances grievances,
    PreDepartureOrientations orientations,
    CorridorConsistency consistency) : Api.WorkerContracts.WorkerContractsBase
{
    public override Task<RegisterContractReply> RegisterContract(RegisterContractRequest request, ServerCallContext context) =>
        registration.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ContractView> AmendContract(AmendContractRequest request, ServerCallContext context) =>
        commands.AmendAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ContractView> TerminateContract(TerminateContractRequest request, ServerCallContext context) =>
        commands.TerminateAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ContractView> EndorseContract(EndorseContractRequest request, ServerCallContext context) =>
        commands.EndorseAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ContractView> GetContract(GetContractRequest request, ServerCallContext context) =>
        queries.GetAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ContractVersions> ListContractVersions(GetContractRequest request, ServerCallContext context) =>
        queries.VersionsAsync(request, context.Caller(), context.CancellationToken);

    public override Task<SearchContractsReply> SearchContracts(SearchContractsRequest request, ServerCallContext context) =>
        queries.SearchAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Orientation> RecordOrientation(RecordOrientationRequest request, ServerCallContext context) =>
        orientations.RecordAsync(request, context.Caller(), context.CancellationToken);

    [AllowAnonymous]
    public override Task<VerifyContractReply> VerifyContract(VerifyContractRequest request, ServerCallContext context) =>
        verification.VerifyAsync(request, Client(context), context.CancellationToken);

    [AllowAnonymous]
    public override Task<CompareTermsReply> CompareTerms(CompareTermsRequest request, ServerCallContext context) =>
        verification.CompareAsync(request, Client(context), context.CancellationToken);

    [AllowAnonymous]
    public override Task<ReportFeesPaidReply> ReportFeesPaid(ReportFeesPaidRequest request, ServerCallContext context) =>
        verification.ReportFeesAsync(request, Client(context), context.CancellationToken);

    [AllowAnonymous]
    public override Task<ListWorkerCasesReply> ListWorkerCases(ListWorkerCasesRequest request, ServerCallContext context) =>
        verification.ListCasesAsync(request, Client(context), context.CancellationToken);

    [AllowAnonymous]
    public override Task<FileGrievanceReply> FileGrievance(FileGrievanceRequest request, ServerCallContext context) =>
        grievances.FileAsync(request, Client(context), context.CancellationToken);

    [AllowAnonymous]
    public override Task<AppealWorkerGrievanceReply> AppealGrievance(AppealWorkerGrievanceRequest request, ServerCallContext context) =>
        grievances.AppealAsync(request, Client(context), context.CancellationToken);

    [AllowAnonymous]
    public override Task<ListWorkerGrievancesReply> ListWorkerGrievances(ListWorkerGrievancesRequest request, ServerCallContext context) =>
        grievances.ListAsync(request, Client(context), context.CancellationToken);

    public override Task<CorridorDigest> GetCorridorDigest(GetCorridorDigestRequest request, ServerCallContext context) =>
        consistency.DigestAsync(request, context.Caller(), context.CancellationToken);

    public override Task<RepublishCorridorReply> RepublishCorridor(RepublishCorridorRequest request, ServerCallContext context) =>
        consistency.RepublishAsync(request, context.Caller(), context.CancellationToken);

    /// <summary>The client a failed verification is counted against (behind a proxy, configure forwarded headers).</summary>
    private static string Client(ServerCallContext context) => ClientAddress.Key(context.GetHttpContext());
}
