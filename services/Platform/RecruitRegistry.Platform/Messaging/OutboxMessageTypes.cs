using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecruitRegistry.Platform.Messaging;

/// <summary>
/// The message types an outbox may hold, by full name. The relay turns a stored row back into its type
/// only through this map, never through Type.GetType on stored text.
/// </summary>
public sealed class OutboxMessageTypes
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly ConcurrentDictionary<string, Type> byName = new(StringComparer.Ordinal);

    public OutboxMessageTypes()
    {
        // Every integration event of RecruitRegistry.
        Add(typeof(IntegrationEvents.EventMoney).Assembly);
    }

    /// <summary>Adds every public, concrete, namespaced class of an assembly (tests add their own events).</summary>
    public OutboxMessageTypes Add(Assembly assembly)
    {
        foreach (var type in assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false, Namespace: not null }))
        {
            byName.TryAdd(type.FullName!, type);
        }

        return this;
    }

    public string NameOf(Type type) =>
        type.FullName is { } name && byName.TryGetValue(name, out var known) && known == type
            ? name
            : throw new InvalidOperationException($"{type} is not a registered outbox message type; add its assembly to OutboxMessageTypes.");

    public Type TypeOf(string name) =>
        byName.TryGetValue(name, out var type)
            ? type
            : throw new InvalidOperationException($"The outbox holds a message of unknown type {name}.");
}
