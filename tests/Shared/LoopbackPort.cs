using System.Net;
using System.Net.Sockets;

namespace Bulwark.Tests.Shared;

/// <summary>A loopback TCP port that was free a moment ago, for servers that must be told their port up front.</summary>
/// <remarks>
/// Ports are drawn below the kernel's ephemeral range. A port the kernel hands out for "port 0" comes from that
/// range, which every outgoing connection of a busy test run also draws from: between the probe and the server's
/// own bind, a client socket could take it (seen as "Address already in use" in CI).
/// </remarks>
internal static class LoopbackPort
{
    private const int LowestCandidate = 20000;
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    public static int Free()
    {
        var below = EphemeralRangeStart();
        if (below - LowestCandidate < 1000)
        {
            return KernelChosen();
        }
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(LowestCandidate, below);
            if (IsFree(port))
            {
                return port;
            }
        }
        return KernelChosen();
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var first = File.ReadAllText(EphemeralRangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            return int.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    private static bool IsFree(int port)
    {
        var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            probe.Stop();
        }
    }

    private static int KernelChosen()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
