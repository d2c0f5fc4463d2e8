namespace MetricsOperator.Serving.Authentication;

/// <summary>What the TLS layer does with a client certificate the current CAs do not vouch for.</summary>
internal enum ClientCertificateHandshake
{
    /// <summary>
    /// Accept it at the handshake and let authentication judge it per request: an unverifiable certificate makes the
    /// request 401 Unauthorized (unless a bearer token authenticates it). This is what the aggregated API server
    /// does (Go's <c>tls.RequestClientCert</c>), and it lets a caller see why it was refused.
    /// </summary>
    VerifyPerRequest,

    /// <summary>Fail the TLS handshake unless the certificate chains to the current client or request-header CA.</summary>
    RejectAtHandshake,
}
