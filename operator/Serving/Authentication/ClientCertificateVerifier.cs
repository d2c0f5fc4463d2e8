using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// Verifies client certificates against a CA bundle, remembering each connection's result. Kestrel hands every
/// request of a connection (every HTTP/2 stream too) the same certificate object, so the chain is built once per
/// connection and bundle rather than per request (a client certificate is also checked against the request-header
/// CA first, which it usually fails: that refusal is remembered too). A remembered result is used only for the same
/// bundle instance (a rotated CA re-verifies) and while it holds (an expiring certificate stops working).
/// </summary>
internal sealed class ClientCertificateVerifier
{
    private readonly ConditionalWeakTable<X509Certificate2, VerifiedAgainst> _verified = [];
    private readonly TimeProvider _timeProvider;
    private readonly AuthenticationMetrics? _metrics;

    public ClientCertificateVerifier(TimeProvider timeProvider, AuthenticationMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        (_timeProvider, _metrics) = (timeProvider, metrics);
    }

    public CertificateVerification Verify(X509Certificate2 certificate, CertificateAuthorityBundle authorities)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(authorities);
        var now = _timeProvider.GetUtcNow();
        if (_verified.TryGetValue(certificate, out var known) && ReferenceEquals(known.Authorities, authorities) && known.Result.HoldsAt(now))
        {
            return known.Result;
        }

        var result = authorities.Verify(certificate, now);
        _metrics?.CertificateVerified(result.IsValid);
        _verified.AddOrUpdate(certificate, new VerifiedAgainst(authorities, result));
        return result;
    }

    private sealed record VerifiedAgainst(CertificateAuthorityBundle Authorities, CertificateVerification Result);
}
