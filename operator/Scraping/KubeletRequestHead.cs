using System.Buffers.Text;
using System.Text;

namespace MetricsOperator.Scraping;

/// <summary>
/// Writes the one request the scraper sends: <c>GET &lt;path&gt; HTTP/1.1</c> with Host (host[:port], as
/// SocketsHttpHandler wrote it), Authorization, User-Agent and, when gzip is wanted, Accept-Encoding. Deliberately no
/// Accept header: the kubelet then answers in Prometheus text, as metrics-server relies on.
/// </summary>
internal static class KubeletRequestHead
{
    private static ReadOnlySpan<byte> UserAgent => "User-Agent: metrics-operator\r\n"u8;

    private static ReadOnlySpan<byte> AcceptGzip => "Accept-Encoding: gzip\r\n"u8;

    /// <summary>An upper bound of the head's length, to size the buffer it is written into.</summary>
    public static int MaxLength(Uri uri, ReadOnlySpan<byte> authorizationLine)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return 64 + uri.PathAndQuery.Length + uri.IdnHost.Length + 6 + authorizationLine.Length + UserAgent.Length + AcceptGzip.Length;
    }

    /// <param name="authorizationLine">The whole <c>Authorization: ...\r\n</c> line, or empty for none.</param>
    /// <returns>The bytes written.</returns>
    public static int Write(Span<byte> into, Uri uri, ReadOnlySpan<byte> authorizationLine, bool acceptGzip)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var length = 0;
        Append(into, ref length, "GET "u8);
        length += Encoding.ASCII.GetBytes(uri.PathAndQuery, into[length..]);
        Append(into, ref length, " HTTP/1.1\r\nHost: "u8);
        length += Encoding.ASCII.GetBytes(uri.IdnHost, into[length..]);
        if (!uri.IsDefaultPort)
        {
            into[length++] = (byte)':';
            Utf8Formatter.TryFormat(uri.Port, into[length..], out var written);
            length += written;
        }

        Append(into, ref length, "\r\n"u8);
        Append(into, ref length, authorizationLine);
        Append(into, ref length, UserAgent);
        if (acceptGzip)
        {
            Append(into, ref length, AcceptGzip);
        }

        Append(into, ref length, "\r\n"u8);
        return length;
    }

    /// <summary>
    /// The Authorization line for a header value (built once per credential, not per request), or null when the value
    /// holds a byte a header may not carry: a line break would end the header early (and smuggle whatever follows),
    /// and a non-ASCII character could not be sent as written.
    /// </summary>
    public static byte[]? AuthorizationLine(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        foreach (var c in headerValue)
        {
            if (c is < ' ' or > '~')
            {
                return null;
            }
        }

        return Encoding.ASCII.GetBytes("Authorization: " + headerValue + "\r\n");
    }

    private static void Append(Span<byte> into, ref int length, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(into[length..]);
        length += bytes.Length;
    }
}
