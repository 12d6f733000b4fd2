using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RecruitRegistry.Platform.Hosting;

/// <summary>Which transport carries integration events.</summary>
public enum BusTransport
{
    /// <summary>MassTransit's in-memory transport: the standalone mode, all services in one process.</summary>
    InMemory,

    /// <summary>RabbitMQ with durable quorum queues and publisher confirms: the distributed mode.</summary>
    RabbitMq,
}

/// <summary>Bus settings shared by every service; bound from "Platform".</summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";

    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    [Required]
    [ValidateObjectMembers]
    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>Messages a receive endpoint prefetches from RabbitMQ.</summary>
    [Range(1, 10_000)]
    public int PrefetchCount { get; set; } = 64;

    /// <summary>Most messages a batch consumer (AddServiceBatchConsumer) applies in one transaction.</summary>
    [Range(1, 1000)]
    public int BatchMessageLimit { get; set; } = 100;

    /// <summary>How long a batch consumer waits after a batch's first message for more to arrive.</summary>
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Batches a batch consumer applies at the same time.</summary>
    [Range(1, 64)]
    public int BatchConcurrency { get; set; } = 4;

    /// <summary>Quick retries of a failing consumer (100 ms to 5 s apart) before the message goes to its _error queue.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 5;

    /// <summary>
    /// Retries of a consumer while its database is away (<see cref="Data.DatabaseUnavailable"/>), 1 s growing to 5 s
    /// apart: 125 is about ten minutes. Past them the message goes to its _error queue.
    /// </summary>
    [Range(0, 1000)]
    public int DatabaseOutageRetryLimit { get; set; } = 125;

    /// <summary>gRPC server reflection: on or off; unset, on in the Development environment only.</summary>
    public bool? GrpcReflection { get; set; }

    [Required]
    [ValidateObjectMembers]
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    [Required]
    [ValidateObjectMembers]
    public RateLimitSettings RateLimit { get; set; } = new();
}

/// <summary>
/// Whether the client address is taken from X-Forwarded-For, and from which proxies; bound from
/// "Platform:ForwardedHeaders". Off by default: a client could otherwise name any address it likes.
/// </summary>
public sealed class ForwardedHeadersSettings : IValidatableObject
{
    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies whose X-Forwarded-For is believed ("10.0.0.5").</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR form ("10.0.0.0/8").</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row are stepped back through.</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"'{proxy}' is not an IP address", [nameof(KnownProxies)]);
        }

        foreach (var network in KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"'{network}' is not a network in CIDR form", [nameof(KnownNetworks)]);
        }

        if (Enabled && KnownProxies.Count == 0 && KnownNetworks.Count == 0)
        {
            yield return new ValidationResult("name the proxies (KnownProxies or KnownNetworks) whose forwarded headers are believed", [nameof(Enabled)]);
        }
    }
}

/// <summary>
/// The per-client limit on requests that carry no valid token (the worker RPCs, the public registry, anything
/// anonymous); bound from "Platform:RateLimit". A client is its address, an IPv6 client its /64.
/// </summary>
public sealed class RateLimitSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>Requests a client may make in <see cref="Window"/>.</summary>
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 120;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Where RabbitMQ listens; bound from "Platform:RabbitMq".</summary>
public sealed class RabbitMqOptions
{
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required]
    public string VirtualHost { get; set; } = "/";

    [Required]
    public string Username { get; set; } = "guest";

    [Required]
    public string Password { get; set; } = "guest";
}

/// <summary>Checks <see cref="PlatformOptions"/> and its RabbitMQ settings (generated at compile time; see SettingsValidation).</summary>
[OptionsValidator]
public sealed partial class PlatformOptionsValidator : IValidateOptions<PlatformOptions>;
