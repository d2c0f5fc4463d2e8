using System.Net;
using System.Net.Sockets;

namespace MetricsOperator.Scraping;

/// <summary>
/// Opens kubelet TCP connections for the handler: a <see cref="KubeletHostName"/> host is connected to the address
/// it encodes without any name lookup; any other host as the handler itself would (resolved, then tried in turn).
/// </summary>
internal static class KubeletConnector
{
    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var requested = context.DnsEndPoint;
        EndPoint endPoint = KubeletHostName.TryParse(requested.Host, out var address)
            ? new IPEndPoint(address, requested.Port)
            : requested;

        // A dual-mode socket for a name, as the handler uses, so either family of its addresses can be tried.
        var socket = endPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
