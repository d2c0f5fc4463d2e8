using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// Verifies client certificates against a CA bundle, remembering each connection's successful result. Kestrel hands
/// every request of a connection (every HTTP/2 stream too) the same certificate object, so the chain is built once
/// per connection and bundle rather than per request. A remembered result is used only for the same bundle instance
/// (a rotated CA re-verifies) and within the chain's validity period (an expiring certificate stops working).
/// </summary>
internal sealed class ClientCertificateVerifier
{
    private readonly ConditionalWeakTable<X509Certificate2, VerifiedAgainst> _verified = [];
    private readonly TimeProvider _timeProvider;

    public ClientCertificateVerifier(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>Null when <paramref name="certificate"/> verifies against <paramref name="authorities"/> now; otherwise why not.</summary>
    public string? Verify(X509Certificate2 certificate, CertificateAuthorityBundle authorities)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(authorities);
        var now = _timeProvider.GetUtcNow();
        if (_verified.TryGetValue(certificate, out var known) && ReferenceEquals(known.Authorities, authorities) && known.Result.HoldsAt(now))
        {
            return null;
        }

        var result = authorities.Verify(certificate, now);
        if (result.IsValid)
        {
            _verified.AddOrUpdate(certificate, new VerifiedAgainst(authorities, result));
        }

        return result.Error;
    }

    private sealed record VerifiedAgainst(CertificateAuthorityBundle Authorities, CertificateVerification Result);
}
