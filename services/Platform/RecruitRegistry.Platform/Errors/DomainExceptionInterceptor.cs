using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace RecruitRegistry.Platform.Errors;

/// <summary>
/// Maps domain exceptions to their gRPC status. A database that is away (a transient database error) is UNAVAILABLE,
/// which tells clients to retry. Anything unexpected becomes INTERNAL with a correlation id and no exception text;
/// the exception itself is logged under that id.
/// </summary>
public sealed class DomainExceptionInterceptor(ILogger<DomainExceptionInterceptor> logger) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        MappedAsync(() => continuation(request, context), context);

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        MappedAsync(() => continuation(requestStream, context), context);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        MappedAsync(async () => { await continuation(request, responseStream, context); return true; }, context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        MappedAsync(async () => { await continuation(requestStream, responseStream, context); return true; }, context);

    private async Task<T> MappedAsync<T>(Func<Task<T>> call, ServerCallContext context)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    private RpcException Map(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case DomainException domain:
                return domain.ToRpcException();
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            case Exception when Data.DatabaseUnavailable.Is(exception):
                // The database is restarting, failing over or unreachable: nothing was committed, and the same call
                // (registrations carry their request id) may simply be sent again.
                PlatformLog.DatabaseUnavailable(logger, context.Method, exception.Message);
                return new RpcException(new Status(StatusCode.Unavailable, "The service's database is unavailable; retry the call."));
            default:
                var correlationId = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
                PlatformLog.UnhandledRpcError(logger, exception, context.Method, correlationId);
                return new RpcException(new Status(
                    StatusCode.Internal, $"An internal error occurred. Correlation id: {correlationId}"));
        }
    }
}
