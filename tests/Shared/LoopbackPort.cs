using System.Net;
using System.Net.Sockets;

namespace Bulwark.Tests.Shared;

/// <summary>A loopback TCP port that was free a moment ago, for servers that must be told their port up front.</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
