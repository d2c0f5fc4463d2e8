using System.Net.Security;
using System.Net.Sockets;

namespace MetricsOperator.Scraping;

/// <summary>
/// One kept-alive TLS connection to a kubelet: the socket, its TLS stream and when it was last used. It holds no
/// buffer of its own; each request rents one (see <see cref="KubeletResponseReader"/>).
/// </summary>
internal sealed class KubeletConnection : IDisposable
{
    private readonly Socket _socket;

    public KubeletConnection(Socket socket, SslStream stream)
    {
        _socket = socket;
        Stream = stream;
    }

    public SslStream Stream { get; }

    /// <summary>True once it served a request: a failure before any response byte may then just mean the kubelet closed it while idle.</summary>
    public bool IsReused { get; private set; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> of its return to the pool.</summary>
    public long IdleSince { get; private set; }

    public void MarkIdle(long timestamp)
    {
        IsReused = true;
        IdleSince = timestamp;
    }

    /// <summary>
    /// True when the idle connection is readable: nothing is due from a kubelet between requests, so that is its
    /// close (or reset, or stray bytes), and the connection cannot carry another request.
    /// </summary>
    public bool HasClosedWhileIdle()
    {
        try
        {
            return _socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        // Disposing the TLS stream closes the network stream, which owns the socket.
        Stream.Dispose();
        _socket.Dispose();
    }
}
