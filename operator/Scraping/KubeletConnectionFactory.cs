using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Scraping;

/// <summary>
/// Opens TLS connections to kubelets, as the transport's settings say: a <see cref="KubeletHostName"/> host is
/// connected to the address it encodes without any name lookup, but stays the TLS target host, because .NET then
/// shares one OpenSSL context across connections (see <see cref="KubeletHostName"/>). Certificates are judged by
/// <see cref="KubeletCertificateValidator"/> (or accepted in insecure mode), revocation is not checked, the client
/// certificate is offered when configured, and only HTTP/1.1 is negotiated. Failures are
/// <see cref="HttpRequestException"/>s with the <see cref="HttpRequestError"/> and wording SocketsHttpHandler used,
/// so <see cref="KubeletRequestErrors.Describe"/> reports them as before.
/// </summary>
internal sealed class KubeletConnectionFactory
{
    private static readonly List<SslApplicationProtocol> Http11Only = [SslApplicationProtocol.Http11];

    private readonly TimeSpan _connectTimeout;
    private readonly X509CertificateCollection? _clientCertificates;
    private readonly RemoteCertificateValidationCallback _validate;
    private readonly OpenSslIdleBuffers? _idleBuffers;
    private readonly Action<SslStream>? _established;

    /// <param name="established">Called with each new connection's TLS stream after the handshake (tests inspect it).</param>
    /// <exception cref="KubeletSetupException">The configured CA bundle is unusable.</exception>
    public KubeletConnectionFactory(
        KubeletTransportSettings settings, KubeletCredentials credentials, OpenSslIdleBuffers? idleBuffers, Action<SslStream>? established = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(credentials);
        _connectTimeout = settings.ConnectTimeout;
        _idleBuffers = idleBuffers;
        _established = established;
        _clientCertificates = credentials.ClientCertificate is { } certificate ? [certificate] : null;
        if (settings.InsecureSkipTlsVerify)
        {
            _validate = static (_, _, _, _) => true;
        }
        else
        {
            Validator = new KubeletCertificateValidator(KubeletCaBundle.TrustedRoots(settings, credentials));
            _validate = Validator.Validate;
        }
    }

    /// <summary>Keeps the reason of each refused certificate; null in insecure mode.</summary>
    public KubeletCertificateValidator? Validator { get; }

    /// <summary>Connects and completes the TLS handshake, both within the connect timeout.</summary>
    /// <exception cref="HttpRequestException">The connection or the handshake failed.</exception>
    public async ValueTask<KubeletConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_connectTimeout);
        var socket = await OpenSocketAsync(host, port, timeout.Token, cancellationToken).ConfigureAwait(false);
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(Options(host), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw e switch
            {
                OperationCanceledException => TimedOut(host, port),
                AuthenticationException or IOException => new HttpRequestException(
                    HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.", e),
                _ => e,
            };
        }

        _idleBuffers?.Apply(tls);
        _established?.Invoke(tls);
        return new KubeletConnection(socket, tls);
    }

    private SslClientAuthenticationOptions Options(string host) => new()
    {
        TargetHost = host,
        ClientCertificates = _clientCertificates,
        RemoteCertificateValidationCallback = _validate,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        ApplicationProtocols = Http11Only,
    };

    private async ValueTask<Socket> OpenSocketAsync(string host, int port, CancellationToken timeout, CancellationToken cancellationToken)
    {
        // Uri.IdnHost writes IPv6 addresses in brackets.
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        EndPoint endPoint = KubeletHostName.TryParse(bare, out var address) || IPAddress.TryParse(bare, out address)
            ? new IPEndPoint(address, port)
            : new DnsEndPoint(bare, port);

        // A dual-mode socket for a name, as SocketsHttpHandler uses, so either family of its addresses can be tried.
        var socket = endPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(endPoint, timeout).ConfigureAwait(false);
            return socket;
        }
        catch (Exception e)
        {
            socket.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw e switch
            {
                OperationCanceledException => TimedOut(host, port),
                SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } socketError =>
                    new HttpRequestException(HttpRequestError.NameResolutionError, $"{socketError.Message} ({host}:{port})", e),
                SocketException socketError => new HttpRequestException(HttpRequestError.ConnectionError, $"{socketError.Message} ({host}:{port})", e),
                _ => e,
            };
        }
    }

    private HttpRequestException TimedOut(string host, int port) =>
        new(HttpRequestError.ConnectionError, $"no connection within {GoDuration.Format(_connectTimeout)} ({host}:{port})");
}
