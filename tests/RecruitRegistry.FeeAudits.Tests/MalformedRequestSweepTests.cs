using Google.Rpc;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Xunit.Abstractions;
using RecruitRegistry.Testing;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using LicensingApi = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>
/// Every RPC of the three services, built from their descriptors, sent malformed requests one field at a time (every
/// other field left empty), so that each field's own check is reached: texts with a noncharacter (U+FFFE), invalid UTF-8
/// (a lone surrogate's bytes), a bidirectional override, 1 MB; enums unknown; numbers at their extremes; lists of
/// 10,000 items; plus the empty request and every field with the wrong wire type. Callers: anonymous, an authority,
/// an auditor and an agency (the 1 MB and 10,000-item requests as the authority only). None may answer INTERNAL or
/// UNKNOWN; invalid UTF-8, which is no protobuf message, must be INVALID_ARGUMENT naming the field's path (or, for an
/// anonymous caller of an RPC that needs a token, UNAUTHENTICATED, which is answered before the body is read); none may
/// write anything (no event in any outbox). docs/security.md gives the counts by status.
/// </summary>
public sealed class MalformedRequestSweepTests(Servers servers, ITestOutputHelper output) : FeeAuditsTest(servers)
{
    private const string Placeholder = "\u0001INVALIDUTF8\u0001"; // replaced by invalid UTF-8 bytes of the same length
    private static readonly byte[] InvalidUtf8 = [0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80, 0xFF, 0xFE, 0xC0, 0xAF, 0x78, 0x78, 0x78];

    [Fact]
    public async Task No_malformed_field_of_any_rpc_gets_an_internal_error_or_writes_anything()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency, serviceFee: "10000.00");
        await Given.CaseOfAsync(Guid.Parse(registered.ContractId)); // audited, its case opened: nothing left in flight
        await Eventually.Until(() => OutboxAsync(), n => n.Unsent == 0, TimeSpan.FromSeconds(30), "every event relayed");
        var before = (await OutboxAsync()).Total;

        var callers = new (string Name, CallOptions Options)[]
        {
            ("NP authority", FeeAuditsApp.Authority("NP")), ("anonymous", FeeAuditsApp.Anonymous), ("QA auditor", FeeAuditsApp.Auditor("QA")),
            ("own agency", FeeAuditsApp.Agency(agency.Id)),
        };
        var services = new[]
        {
            LicensingApi.Licensing.Descriptor, ContractsApi.WorkerContracts.Descriptor, AuditsApi.FeeAudits.Descriptor, AuditsApi.Grievances.Descriptor,
        };
        var invoker = App.CallInvoker;
        var failures = new List<string>();
        var statuses = new SortedDictionary<StatusCode, int>();
        var calls = 0;
        var unparsable = 0;
        var answered = new SortedSet<string>(StringComparer.Ordinal); // RPCs that answered OK to some malformed request
        foreach (var method in services.SelectMany(s => s.Methods))
        {
            var requests = new List<(string Name, byte[] Bytes, bool Large, string? Utf8Field)>
            {
                ("empty", [], false, null),
                ("wrong wire types", WrongWireTypes(method.InputType), false, null),
            };
            requests.AddRange(OneFieldAtATime(method.InputType));
            foreach (var (name, bytes, large, utf8Field) in requests)
            {
                foreach (var (caller, options) in large ? callers[..1] : callers)
                {
                    calls++;
                    var (status, field) = await CallAsync(invoker, method, bytes, options);
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    if (status == StatusCode.OK)
                    {
                        answered.Add(method.Name);
                    }

                    if (utf8Field is not null)
                    {
                        // Not a protobuf message (a string field must be UTF-8): refused while the request is read, naming
                        // the field; an anonymous caller of an RPC that needs a token is refused before that.
                        unparsable++;
                        var expected = status == StatusCode.Unauthenticated && caller == "anonymous" || status == StatusCode.InvalidArgument && field == utf8Field;
                        if (!expected)
                        {
                            failures.Add($"{method.FullName} [{name}] as {caller}: {status} naming '{field}', not '{utf8Field}'");
                        }
                    }
                    else if (status is StatusCode.Internal or StatusCode.Unknown)
                    {
                        failures.Add($"{method.FullName} [{name}] as {caller}: {status}");
                    }
                }
            }
        }

        var seen = $"{calls} calls ({unparsable} of them not UTF-8): " + string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}"));
        output.WriteLine(seen);
        output.WriteLine("answered OK: " + string.Join(", ", answered));
        Assert.True(failures.Count == 0, $"{failures.Count} of {seen}:\n" + string.Join("\n", failures.Take(200)));

        // The calls reached the services: refused at the edge by field, by access, by authentication; none unimplemented.
        Assert.True(statuses.GetValueOrDefault(StatusCode.InvalidArgument) > 1000, seen);
        Assert.True(statuses.GetValueOrDefault(StatusCode.PermissionDenied) > 0, seen);
        Assert.True(statuses.GetValueOrDefault(StatusCode.Unauthenticated) > 0, seen);
        Assert.False(statuses.ContainsKey(StatusCode.Unimplemented), seen);
        Assert.True(statuses.GetValueOrDefault(StatusCode.OK) < calls / 10, seen);
        Assert.Equal(before, (await OutboxAsync()).Total);
    }

    /// <summary>
    /// For every field reachable from the request (nested messages to three levels, a list's first item), each junk
    /// value of its type, that field alone set.
    /// </summary>
    private static IEnumerable<(string Name, byte[] Bytes, bool Large, string? Utf8Field)> OneFieldAtATime(MessageDescriptor type)
    {
        foreach (var path in Paths(type, depth: 0))
        {
            var leaf = path[^1];
            var name = string.Join(".", path.Select(f => f.Name));
            foreach (var (junk, value, large) in Junk(leaf))
            {
                var message = type.Parser.ParseFrom(ByteString.Empty);
                Set(message, path, 0, value, list: junk == "10,000 items");
                var bytes = message.ToByteArray();
                yield return junk == "invalid UTF-8"
                    ? ($"{name}: {junk}", WithInvalidUtf8(bytes), large, string.Join(".", path.Select(f => f.IsRepeated ? f.Name + "[0]" : f.Name)))
                    : ($"{name}: {junk}", bytes, large, null);
            }
        }
    }

    private static IEnumerable<List<FieldDescriptor>> Paths(MessageDescriptor type, int depth)
    {
        foreach (var field in type.Fields.InFieldNumberOrder().Where(f => !f.IsMap))
        {
            yield return [field];
            if (field.FieldType == FieldType.Message && depth < 3)
            {
                foreach (var inner in Paths(field.MessageType, depth + 1))
                {
                    yield return [field, .. inner];
                }
            }
        }
    }

    /// <summary>The junk values for a field: (what, value, large). A list gets its item's junk and 10,000 items.</summary>
    private static IEnumerable<(string Junk, object Value, bool Large)> Junk(FieldDescriptor field)
    {
        object[] values = field.FieldType switch
        {
            FieldType.String => ["a\uFFFEb", Placeholder, "Good \u202E tnegA", new string('x', 1 << 20)],
            FieldType.Enum => [99, -1],
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => [int.MinValue, int.MaxValue],
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => [long.MinValue, long.MaxValue],
            FieldType.UInt32 or FieldType.Fixed32 => [uint.MaxValue],
            FieldType.UInt64 or FieldType.Fixed64 => [ulong.MaxValue],
            FieldType.Double => [double.NaN, double.NegativeInfinity],
            FieldType.Float => [float.NaN],
            FieldType.Bool => [true],
            FieldType.Bytes => [ByteString.CopyFrom(new byte[1 << 20])],
            _ => [],
        };
        string[] names = field.FieldType == FieldType.String ? ["U+FFFE", "invalid UTF-8", "bidi override", "1 MB"] : values.Select(v => $"{v}").ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            yield return (names[i], values[i], names[i] == "1 MB" || field.FieldType == FieldType.Bytes);
        }

        if (field.IsRepeated)
        {
            yield return ("10,000 items", field.FieldType switch
            {
                FieldType.String => "??",
                FieldType.Enum => 99,
                FieldType.Message => field.MessageType.Parser.ParseFrom(ByteString.Empty),
                _ => values.FirstOrDefault() ?? 0,
            }, true);
        }
    }

    /// <summary>Sets the field at the end of the path, creating the messages on the way (a list's single item).</summary>
    private static void Set(IMessage message, List<FieldDescriptor> path, int at, object value, bool list)
    {
        var field = path[at];
        if (at < path.Count - 1)
        {
            var inner = field.MessageType.Parser.ParseFrom(ByteString.Empty);
            Set(inner, path, at + 1, value, list);
            Put(message, field, inner, 1);
            return;
        }

        Put(message, field, value, list ? 10_000 : 1);
    }

    private static void Put(IMessage message, FieldDescriptor field, object value, int count)
    {
        if (field.IsRepeated)
        {
            var items = (System.Collections.IList)field.Accessor.GetValue(message);
            for (var i = 0; i < count; i++)
            {
                items.Add(value); // one instance serialized many times is as good as many
            }
        }
        else
        {
            field.Accessor.SetValue(message, value);
        }
    }

    /// <summary>The serialized request with the placeholder's UTF-8 bytes replaced by invalid UTF-8 of the same length.</summary>
    private static byte[] WithInvalidUtf8(byte[] bytes)
    {
        var placeholder = System.Text.Encoding.UTF8.GetBytes(Placeholder);
        var at = bytes.AsSpan().IndexOf(placeholder);
        var result = (byte[])bytes.Clone();
        InvalidUtf8.AsSpan(0, placeholder.Length).CopyTo(result.AsSpan(at));
        return result;
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

    /// <summary>The answer's status and the first field its INVALID_ARGUMENT details name.</summary>
    private static async Task<(StatusCode Status, string? Field)> CallAsync(CallInvoker invoker, MethodDescriptor method, byte[] request, CallOptions options)
    {
        var requestMarshaller = Marshallers.Create<byte[]>(bytes => bytes, bytes => bytes);
        var responseMarshaller = Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => method.OutputType.Parser.ParseFrom(bytes));
        var grpcMethod = new Method<byte[], IMessage>(MethodType.Unary, method.Service.FullName, method.Name, requestMarshaller, responseMarshaller);
        try
        {
            await invoker.AsyncUnaryCall(grpcMethod, null, options, request).ResponseAsync;
            return (StatusCode.OK, null);
        }
        catch (RpcException e)
        {
            var details = e.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>();
            return (e.StatusCode, details?.FieldViolations.FirstOrDefault()?.Field);
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
