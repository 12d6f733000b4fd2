using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using RecruitRegistry.Testing;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using LicensingApi = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>
/// Every RPC of the three services, built from their descriptors, sent malformed requests by several kinds of caller:
/// empty, every text 1 MB long, every enum an unknown number, every text odd Unicode, every id and date nonsense, every
/// field sent with the wrong wire type. None
/// may answer INTERNAL or UNKNOWN, and none may write anything (no event in any outbox).
/// </summary>
public sealed class MalformedRequestSweepTests(Servers servers) : FeeAuditsTest(servers)
{
    private static readonly string[] Variants =
        ["empty", "1 MB texts", "unknown enums", "odd unicode", "negative numbers", "wrong wire types"];

    [Fact]
    public async Task No_malformed_request_to_any_rpc_gets_an_internal_error_or_writes_anything()
    {
        var agency = await Given.LicensedAgencyAsync();
        var registered = await Given.RegisterAsync(agency, "10000.00");
        await Given.CaseOfAsync(Guid.Parse(registered.ContractId)); // audited, its case opened: nothing left in flight
        await Eventually.Until(() => OutboxAsync(), n => n.Unsent == 0, TimeSpan.FromSeconds(30), "every event relayed");
        var before = (await OutboxAsync()).Total;

        var callers = new (string Name, CallOptions Options)[]
        {
            ("anonymous", FeeAuditsApp.Anonymous), ("NP authority", FeeAuditsApp.Authority("NP")), ("QA auditor", FeeAuditsApp.Auditor("QA")),
            ("own agency", FeeAuditsApp.Agency(agency.Id)),
        };
        var services = new[]
        {
            LicensingApi.Licensing.Descriptor, ContractsApi.WorkerContracts.Descriptor, AuditsApi.FeeAudits.Descriptor,
        };
        var invoker = App.CallInvoker;
        var failures = new List<string>();
        var statuses = new Dictionary<StatusCode, int>();
        var calls = 0;
        foreach (var service in services)
        {
            foreach (var method in service.Methods)
            {
                foreach (var variant in Variants)
                {
                    var request = variant == "wrong wire types" ? WrongWireTypes(method.InputType) : Build(method.InputType, variant, depth: 0).ToByteArray();
                    foreach (var (name, options) in callers)
                    {
                        calls++;
                        var status = await CallAsync(invoker, method, request, options);
                        statuses[status] = statuses.GetValueOrDefault(status) + 1;
                        if (status is StatusCode.Internal or StatusCode.Unknown)
                        {
                            failures.Add($"{service.Name}/{method.Name} [{variant}] as {name}: {status}");
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls:\n" + string.Join("\n", failures));

        // The calls reached the services: refused at the edge by field, by access, by authentication; none unimplemented.
        var seen = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"));
        Assert.True(statuses.GetValueOrDefault(StatusCode.InvalidArgument) > 100, seen);
        Assert.True(statuses.GetValueOrDefault(StatusCode.PermissionDenied) > 0, seen);
        Assert.True(statuses.GetValueOrDefault(StatusCode.Unauthenticated) > 0, seen);
        Assert.False(statuses.ContainsKey(StatusCode.Unimplemented), seen);
        Assert.True(statuses.GetValueOrDefault(StatusCode.OK) < calls / 4, seen);
        Assert.Equal(before, (await OutboxAsync()).Total);
    }

    /// <summary>A request message with every field filled the variant's way (nested messages too, a few levels deep).</summary>
    private static IMessage Build(MessageDescriptor type, string variant, int depth)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        if (variant == "empty" || depth > 3)
        {
            return message;
        }

        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            object? value = field.FieldType switch
            {
                FieldType.String => variant switch
                {
                    "1 MB texts" => new string('x', depth == 0 ? 1 << 20 : 1 << 16),
                    "odd unicode" => "\u202Eevil\u0000\u200B\uFEFFé\u0301𝔘𝔫𝔦😀\u2028",
                    "negative numbers" => "-1e309",
                    _ => "??",
                },
                FieldType.Enum => variant == "unknown enums" ? 99 : 0,
                FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => variant == "negative numbers" ? int.MinValue : 0,
                FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => variant == "negative numbers" ? long.MinValue : 0L,
                FieldType.UInt32 or FieldType.Fixed32 => variant == "negative numbers" ? uint.MaxValue : 0u,
                FieldType.UInt64 or FieldType.Fixed64 => variant == "negative numbers" ? ulong.MaxValue : 0ul,
                FieldType.Bool => true,
                FieldType.Double => variant == "negative numbers" ? double.NaN : 0d,
                FieldType.Float => variant == "negative numbers" ? float.NegativeInfinity : 0f,
                FieldType.Message => Build(field.MessageType, variant, depth + 1),
                _ => null,
            };
            if (value is null)
            {
                continue;
            }

            if (field.IsMap)
            {
                continue;
            }

            if (field.IsRepeated)
            {
                var list = (System.Collections.IList)field.Accessor.GetValue(message);
                list.Add(value);
                list.Add(value);
            }
            else if (field.RealContainingOneof is null || field.RealContainingOneof.Fields[0] == field)
            {
                field.Accessor.SetValue(message, value);
            }
        }

        return message;
    }

    /// <summary>
    /// Every field of the message under its own number but with another wire type: a varint where a text, bytes or a
    /// message is expected, a length-delimited text where a number is. Protobuf keeps such a field as unknown, so the
    /// service sees the field missing, never a value of the wrong type.
    /// </summary>
    private static byte[] WrongWireTypes(MessageDescriptor type)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            if (field.FieldType is FieldType.String or FieldType.Bytes or FieldType.Message)
            {
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                output.WriteInt64(7);
            }
            else
            {
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteString("seven");
            }
        }

        output.Flush();
        return buffer.ToArray();
    }

    private static async Task<StatusCode> CallAsync(CallInvoker invoker, MethodDescriptor method, byte[] request, CallOptions options)
    {
        var requestMarshaller = Marshallers.Create<byte[]>(bytes => bytes, bytes => bytes);
        var responseMarshaller = Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => method.OutputType.Parser.ParseFrom(bytes));
        var grpcMethod = new Method<byte[], IMessage>(MethodType.Unary, method.Service.FullName, method.Name, requestMarshaller, responseMarshaller);
        try
        {
            await invoker.AsyncUnaryCall(grpcMethod, null, options, request).ResponseAsync;
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private async Task<(long Total, long Unsent)> OutboxAsync()
    {
        long total = 0, unsent = 0;
        foreach (var database in new[] { App.LicensingDatabase, App.ContractsDatabase, App.AuditsDatabase })
        {
            total += await App.ScalarAsync<long>(database, "SELECT COUNT(*) FROM outbox");
            unsent += await App.ScalarAsync<long>(database, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL");
        }

        return (total, unsent);
    }
}
