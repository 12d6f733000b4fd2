using Api = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.WorkerContracts.Grpc;

/// <summary>
/// The public gRPC API of WorkerContracts (recruit.contracts.v1.WorkerContracts). The RPCs are declared in the proto outline; until the WorkerContracts service
/// issue implements them, each answers UNIMPLEMENTED.
/// </summary>
internal sealed class WorkerContractsGrpcService : Api.WorkerContracts.WorkerContractsBase;
