using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Hosting;

namespace RecruitRegistry.Platform.Security;

/// <summary>Who a client is for per-client limits: its address, taken from trusted proxies only when configured.</summary>
public static class ClientAddress
{
    /// <summary>
    /// An IPv4 address as it is; an IPv6 address by its /64, the network one subscriber is given, within which changing
    /// address costs nothing; an IPv4-mapped IPv6 address as IPv4.
    /// </summary>
    public static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public static string Key(HttpContext context) => Key(context.Connection.RemoteIpAddress);
}

/// <summary>
/// The edge of every host towards clients: forwarded headers from known proxies (off by default) and the per-client
/// rate limit on every request that carries no valid token. Refused gRPC calls get RESOURCE_EXHAUSTED, refused JSON
/// calls HTTP 429 with the same status as JSON.
/// </summary>
public static class ClientEdge
{
    private const string Refusal = "too many requests from this client; try again later";

    public static void AddClientEdge(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<PlatformOptions>>((forwarded, platform) =>
        {
            var settings = platform.Value.ForwardedHeaders;
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            forwarded.ForwardLimit = settings.ForwardLimit;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            settings.KnownProxies.ForEach(p => forwarded.KnownProxies.Add(IPAddress.Parse(p)));
            settings.KnownNetworks.ForEach(n => forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n)));
        });

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<PlatformOptions>>((limiter, platform) =>
        {
            var settings = platform.Value.RateLimit;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                !settings.Enabled || context.User.Identity?.IsAuthenticated == true
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetSlidingWindowLimiter(ClientAddress.Key(context), _ => new SlidingWindowRateLimiterOptions
                    {
                        PermitLimit = settings.PermitLimit,
                        Window = settings.Window,
                        SegmentsPerWindow = 6,
                        QueueLimit = 0,
                    }));
            limiter.OnRejected = (rejected, ct) => RefuseAsync(rejected.HttpContext, rejected.Lease, ct);
        });
    }

    /// <summary>Before authentication (the address must be the client's), the limiter after it (a valid token is not limited).</summary>
    public static void UseForwardedClientAddress(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<PlatformOptions>>().Value.ForwardedHeaders.Enabled)
        {
            app.UseForwardedHeaders();
        }
    }

    private static async ValueTask RefuseAsync(HttpContext context, RateLimitLease lease, CancellationToken ct)
    {
        Telemetry.RateLimitRefusals.Add(1, new KeyValuePair<string, object?>("limit", "anonymous_requests"));
        var response = context.Response;
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A trailers-only gRPC response: the status travels in the headers.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = "8"; // RESOURCE_EXHAUSTED
            response.Headers["grpc-message"] = Refusal;
            return;
        }

        response.StatusCode = StatusCodes.Status429TooManyRequests;
        await response.WriteAsJsonAsync(new { code = 8, message = Refusal, details = Array.Empty<object>() }, ct);
    }
}
