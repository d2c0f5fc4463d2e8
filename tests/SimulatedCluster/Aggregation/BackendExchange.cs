using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MetricsOperator.SimulatedCluster.Aggregation;

/// <summary>A request to an aggregated backend: each header value is sent on its own line, as Go's client does.</summary>
internal sealed record BackendRequest(string Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, Stream? Body);

/// <summary>
/// One HTTP/1.1 exchange over TLS with an aggregated API server. Written by hand rather than with HttpClient because
/// HttpClient folds repeated headers into one comma-joined line, and the front-proxy protocol sends one
/// <c>X-Remote-Group</c> line per group (receivers do not split on commas). One connection per request.
/// </summary>
internal sealed class BackendExchange : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly TcpClient _tcp;
    private readonly SslStream _tls;
    private readonly BufferedReader _reader;
    private readonly string _method;

    private BackendExchange(TcpClient tcp, SslStream tls, string method)
    {
        _tcp = tcp;
        _tls = tls;
        _reader = new BufferedReader(tls);
        _method = method;
    }

    public int StatusCode { get; private set; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>Connects, performs the TLS handshake under <paramref name="policy"/>, sends the request and reads the response head.</summary>
    public static async Task<BackendExchange> SendAsync(
        Uri baseAddress,
        BackendTlsPolicy policy,
        X509Certificate2 clientCertificate,
        BackendRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        var tcp = new TcpClient(baseAddress.HostNameType == UriHostNameType.IPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork) { NoDelay = true };
        SslStream? tls = null;
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(ConnectTimeout);
                await tcp.ConnectAsync(baseAddress.IdnHost.Trim('[', ']'), baseAddress.Port, connect.Token).ConfigureAwait(false);
            }

            tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = policy.ServerName,
                    ClientCertificates = [clientCertificate],
                    RemoteCertificateValidationCallback = policy.Validate,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                },
                cancellationToken).ConfigureAwait(false);

            var exchange = new BackendExchange(tcp, tls, request.Method);
            await exchange.WriteRequestAsync(baseAddress, request, cancellationToken).ConfigureAwait(false);
            await exchange.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
            return exchange;
        }
        catch
        {
            if (tls is not null)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }

            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Copies the response body (Content-Length, chunked or until close) to <paramref name="destination"/>, flushing as it arrives.</summary>
    public async Task CopyBodyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (_method == "HEAD" || StatusCode is 204 or 304 || StatusCode < 200)
        {
            return;
        }

        var buffer = new byte[16 * 1024];
        if (Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            while (true)
            {
                var sizeLine = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw new InvalidDataException("the backend closed the connection inside a chunked body");
                var sizeText = sizeLine.Split(';', 2)[0].Trim();
                if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                {
                    throw new InvalidDataException($"the backend sent an invalid chunk size \"{sizeText}\"");
                }

                if (size == 0)
                {
                    // Trailers end with an empty line.
                    while (!string.IsNullOrEmpty(await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)))
                    {
                    }

                    return;
                }

                await CopyExactlyAsync(destination, size, buffer, cancellationToken).ConfigureAwait(false);
                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (Header("Content-Length") is { } lengthText)
        {
            if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                throw new InvalidDataException($"the backend sent an invalid Content-Length \"{lengthText}\"");
            }

            await CopyExactlyAsync(destination, length, buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        int read;
        while ((read = await _reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public async ValueTask DisposeAsync()
    {
        await _tls.DisposeAsync().ConfigureAwait(false);
        _tcp.Dispose();
    }

    private async Task WriteRequestAsync(Uri baseAddress, BackendRequest request, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{request.Method} {request.PathAndQuery} HTTP/1.1\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Host: {baseAddress.Authority}\r\n");
        foreach (var (name, value) in request.Headers)
        {
            if (name.AsSpan().ContainsAny("\r\n:") || value.AsSpan().ContainsAny('\r', '\n'))
            {
                continue; // never let a header break the request framing
            }

            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        var chunked = request.Body is not null;
        head.Append(chunked ? "Transfer-Encoding: chunked\r\n" : string.Empty);
        head.Append("Connection: close\r\n\r\n");
        await _tls.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        if (request.Body is { } body)
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await _tls.WriteAsync(Encoding.ASCII.GetBytes(read.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), cancellationToken).ConfigureAwait(false);
                await _tls.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await _tls.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }

            await _tls.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }

        await _tls.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ReadHeadAsync(CancellationToken cancellationToken)
    {
        string statusLine;
        do
        {
            statusLine = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw new InvalidDataException("the backend closed the connection without a response");
            var parts = statusLine.Split(' ', 3);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                throw new InvalidDataException($"the backend sent a malformed status line \"{statusLine}\"");
            }

            StatusCode = code;
            Headers.Clear();
            string? line;
            while (!string.IsNullOrEmpty(line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    Headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
                }
            }
        }
        while (StatusCode is >= 100 and < 200 and not 101); // skip 100 Continue and other interim responses
    }

    private async Task CopyExactlyAsync(Stream destination, long count, byte[] buffer, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var read = await _reader.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException($"the backend closed the connection with {count} body bytes missing");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            count -= read;
        }
    }
}
