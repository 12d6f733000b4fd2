using Microsoft.Extensions.Hosting;

namespace RecruitRegistry.Testing;

public static class Hosts
{
    /// <summary>
    /// Ends an in-process host as a real shutdown does: stopped first, so its outbox relay, background sweeps and
    /// consumers end before the services they use are disposed. Disposing alone (<c>WebApplication.DisposeAsync</c>
    /// too) does not stop a host: its background work would run on into a disposed container.
    /// </summary>
    public static async Task ShutDownAsync(this IHost host)
    {
        await host.StopAsync();
        if (host is IAsyncDisposable asynchronous)
        {
            await asynchronous.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
