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

    /// <summary>Immediate retries of a failing consumer before the message goes to its _error queue.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 5;
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

    /// <summary>
    /// The longest wait between two attempts of a receive endpoint (a consumer's queue) to reconnect after the broker
    /// went away. MassTransit's own schedule grows to 30 s; see <see cref="Messaging.RabbitMqReconnection"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:01:00")]
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Checks <see cref="PlatformOptions"/> and its RabbitMQ settings (generated at compile time; see SettingsValidation).</summary>
[OptionsValidator]
public sealed partial class PlatformOptionsValidator : IValidateOptions<PlatformOptions>;
