using System.Buffers;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RecruitRegistry.Platform.Errors;

namespace RecruitRegistry.Platform.Hosting;

/// <summary>
/// Binds a generated gRPC service as grpc-dotnet's own binder does (the generated BindService, one endpoint per method,
/// the service's and method's attributes as endpoint metadata), with one difference: a request that is no valid protobuf
/// message is INVALID_ARGUMENT naming the field (a string that is not UTF-8), where grpc-dotnet's deserializer answers
/// UNKNOWN. It replaces the framework's binder (<see cref="CheckedMethodProvider.Replace"/>), so each method has one endpoint.
/// </summary>
internal sealed class CheckedMethodProvider<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        if (FindBindService() is { } bind)
        {
            // BindService(ServiceBinderBase, FooBase): the generated base class is the one whose methods are overridden.
            bind.Invoke(null, [new Binder(context, bind.GetParameters()[1].ParameterType), null]);
        }
    }

    // The generated base class carries [BindServiceMethod(typeof(Foo), "BindService")] (inherited by the implementation);
    // BindService(binder, null) only describes the methods.
    private static MethodInfo? FindBindService() =>
        typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>() is { } attribute
            ? attribute.BindType.GetMethod(attribute.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), typeof(TService)])
            : null;

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type declaringType) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Checked(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Checked(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Checked(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(Checked(method), metadata, invoker);
        }

        // The implementation's override of the generated method, and its attributes after the service's (the method's
        // win), as grpc-dotnet's binder gives them: [Authorize] and the like keep working.
        private (TDelegate Invoker, List<object> Metadata) Model<TDelegate>(string name, params Type[] parameters) where TDelegate : Delegate
        {
            var handler = FindOverride(name, parameters) ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
        }

        private MethodInfo? FindOverride(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters);
                if (method is null)
                {
                    return null;
                }

                if (method.IsVirtual && method.GetBaseDefinition().DeclaringType == declaringType)
                {
                    return method;
                }
            }

            return null;
        }
    }

    private static Method<TRequest, TResponse> Checked<TRequest, TResponse>(Method<TRequest, TResponse> method)
    {
        var request = method.RequestMarshaller;
        var deserialize = request.ContextualDeserializer;
        var checkedRequest = new Marshaller<TRequest>(request.ContextualSerializer, (DeserializationContext context) =>
        {
            try
            {
                return deserialize(context);
            }
            catch (InvalidProtocolBufferException)
            {
                var descriptor = (MessageDescriptor?)typeof(TRequest).GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
                var field = descriptor is null ? null : MalformedMessage.FirstInvalidString(descriptor, context.PayloadAsReadOnlySequence().ToArray());
                throw new ValidationFailed([field is null
                    ? new FieldViolation("", "the request is not a valid protobuf message")
                    : new FieldViolation(field, "is not valid UTF-8")]).ToRpcException();
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, checkedRequest, method.ResponseMarshaller);
    }
}

/// <summary>Registration of <see cref="CheckedMethodProvider{TService}"/>.</summary>
internal static class CheckedMethodProvider
{
    /// <summary>Puts the checked provider where grpc-dotnet's binder provider was; fails start-up if that one cannot be found.</summary>
    public static void Replace(IServiceCollection services)
    {
        var framework = services.SingleOrDefault(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType is { Name: "BinderServiceMethodProvider`1" });
        if (framework is null)
        {
            throw new InvalidOperationException("grpc-dotnet's BinderServiceMethodProvider is not registered: AddGrpc must come first, or the framework renamed it.");
        }

        services.Remove(framework);
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(CheckedMethodProvider<>));
    }
}

/// <summary>Finds what makes a message unreadable, walking its wire format with the message's descriptor.</summary>
internal static class MalformedMessage
{
    private const int MaxDepth = 32;

    /// <summary>
    /// The path of the first string field whose bytes are not UTF-8 ("worker.full_name", "directors[1].full_name"), or
    /// null when the message breaks elsewhere (a truncated field, a wrong length).
    /// </summary>
    public static string? FirstInvalidString(MessageDescriptor descriptor, byte[] message)
    {
        try
        {
            return FirstInvalidString(descriptor, ByteString.CopyFrom(message), "", 0);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static string? FirstInvalidString(MessageDescriptor descriptor, ByteString message, string prefix, int depth)
    {
        var input = message.CreateCodedInput();
        var seen = new Dictionary<int, int>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = descriptor.FindFieldByNumber(WireFormat.GetTagFieldNumber(tag));
            if (field is null || WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited
                || field.FieldType is not (FieldType.String or FieldType.Message))
            {
                input.SkipLastField();
                continue;
            }

            var name = prefix + field.Name;
            if (field.IsRepeated)
            {
                var index = seen.GetValueOrDefault(field.FieldNumber);
                seen[field.FieldNumber] = index + 1;
                name += $"[{index}]";
            }

            var value = input.ReadBytes();
            if (field.FieldType == FieldType.String && !System.Text.Unicode.Utf8.IsValid(value.Span))
            {
                return name;
            }

            if (field.FieldType == FieldType.Message && depth < MaxDepth
                && FirstInvalidString(field.MessageType, value, name + ".", depth + 1) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
