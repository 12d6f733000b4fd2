using System.Net;
using System.Net.Sockets;

namespace RecruitRegistry.Testing;

public static class LoopbackPort
{
    /// <summary>
    /// A loopback port below the ephemeral range (32768+, where any outgoing connection may take it: shared/MACHINE.md)
    /// that is free now.
    /// </summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20000, 32000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }

        throw new InvalidOperationException("no free loopback port below 32000");
    }
}
