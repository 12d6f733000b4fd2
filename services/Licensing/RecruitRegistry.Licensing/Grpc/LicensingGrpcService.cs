using Api = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.Licensing.Grpc;

/// <summary>
/// The public gRPC API of Licensing (recruit.licensing.v1.Licensing). The RPCs are declared in the proto outline; until the Licensing service
/// issue implements them, each answers UNIMPLEMENTED.
/// </summary>
internal sealed class LicensingGrpcService : Api.Licensing.LicensingBase;
