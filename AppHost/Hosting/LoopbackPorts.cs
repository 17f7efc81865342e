using System.Net;
using System.Net.Sockets;

namespace Platform.Hosting;

/// <summary>
/// Free loopback ports for processes that are started later and bind them themselves. Asking the kernel for port 0
/// is not enough: the port is free again the moment the probe closes, so two asks can return the same port, and a
/// port in the ephemeral range can be taken by any outgoing connection (a service's connection to PostgreSQL)
/// before its owner binds it. Both happened: a service failed to start with "address already in use".
/// </summary>
internal static class LoopbackPorts
{
    // Below the ephemeral ranges of Linux (32768-60999) and Windows/macOS (49152-65535), above common servers.
    private const int First = 20000;
    private const int Last = 32000;

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A port nothing listens on now and this process has not handed out before.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            if (TryHandOut(port)) return port;
        }

        // The whole range busy (unlikely): fall back to the kernel's choice, still never twice.
        for (var attempt = 0; attempt < 500; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (TryHandOut(port)) return port;
        }

        throw new InvalidOperationException("No free loopback port found.");
    }

    /// <summary>
    /// Never hand out <paramref name="port"/>: a port named on the command line (PostgreSQL's, the gateway's) is bound
    /// later by its owner, and until then it looks free. A test that chose PostgreSQL's port saw Scheduling given the
    /// same one, and Scheduling failed to start with "address already in use".
    /// </summary>
    public static void Reserve(int port)
    {
        lock (HandedOut) HandedOut.Add(port);
    }

    private static bool TryHandOut(int port)
    {
        lock (HandedOut)
        {
            if (HandedOut.Contains(port) || !IsFree(port)) return false;
            HandedOut.Add(port);
            return true;
        }
    }

    /// <summary>True when nothing listens on <paramref name="port"/> on loopback right now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
