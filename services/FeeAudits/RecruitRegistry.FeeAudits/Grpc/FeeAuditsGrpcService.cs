using Api = RecruitRegistry.Contracts.FeeAudits.V1;

namespace RecruitRegistry.FeeAudits.Grpc;

/// <summary>
/// The public gRPC API of FeeAudits (recruit.feeaudits.v1.FeeAudits). The RPCs are declared in the proto outline; until the FeeAudits service
/// issue implements them, each answers UNIMPLEMENTED.
/// </summary>
internal sealed class FeeAuditsGrpcService : Api.FeeAudits.FeeAuditsBase;
