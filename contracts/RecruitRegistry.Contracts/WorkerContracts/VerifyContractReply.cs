using Google.Protobuf;

namespace RecruitRegistry.Contracts.WorkerContracts.V1;

public sealed partial class VerifyContractReply
{
    /// <summary>
    /// A reply whose contract is <paramref name="serializedContract"/> (a serialized <see cref="ContractView"/>), sent to a
    /// gRPC client as it is, without being parsed and written again: the bytes are held as field 1 in the message's
    /// unknown fields, which the protobuf serializer writes after the known fields (a parser accepts fields in any order,
    /// so the client reads them as <see cref="Contract"/>). On this side <see cref="Contract"/> stays null, and a JSON
    /// formatter, which writes no unknown fields, would leave the contract out: for binary gRPC replies only.
    /// </summary>
    public static VerifyContractReply WithSerializedContract(ReadOnlySpan<byte> serializedContract)
    {
        var length = serializedContract.Length;
        var field = new byte[CodedOutputStream.ComputeTagSize(ContractFieldNumber) + CodedOutputStream.ComputeLengthSize(length) + length];
        var header = new CodedOutputStream(field);
        header.WriteTag(ContractFieldNumber, WireFormat.WireType.LengthDelimited);
        header.WriteLength(length);
        header.Flush();
        serializedContract.CopyTo(field.AsSpan((int)header.Position));
        var input = new CodedInputStream(field);
        input.ReadTag();
        return new VerifyContractReply { _unknownFields = UnknownFieldSet.MergeFieldFrom(null, input) };
    }
}
