using System.Data.Common;
using System.Net.Sockets;

namespace RecruitRegistry.Platform.Data;

/// <summary>
/// Whether a failure means the service's database is away for a while (restarting, failing over, unreachable), so that
/// the same work, done again later, may succeed: a transient database error, a timeout, a refused socket. An RPC answers
/// it UNAVAILABLE; a consumer keeps the message and retries it (<see cref="Hosting.PlatformOptions.DatabaseOutageRetryLimit"/>).
/// </summary>
public static class DatabaseUnavailable
{
    public static bool Is(Exception exception) => exception is DbException { IsTransient: true } or TimeoutException or SocketException;
}
