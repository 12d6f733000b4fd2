using Microsoft.Extensions.Hosting;

namespace RecruitRegistry.Platform.TestHost.Probes;

/// <summary>Child-process mode: writes a given number of probe changes at start, as fast as it can.</summary>
internal sealed class ProbeProducer(ProbeWriter writer, int count, int probes) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ids = Enumerable.Range(0, probes).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < count && !stoppingToken.IsCancellationRequested; i++)
        {
            await writer.SetAsync(ids[i % probes], $"value-{i}", cancellationToken: stoppingToken);
        }

        Console.WriteLine($"produced {count}");
    }
}
