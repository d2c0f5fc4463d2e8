using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// The CA certificates of one PEM bundle (e.g. <c>client-ca-file</c>); every one is a trust anchor, as Go's root
/// pool treats them. During a CA rotation the bundle carries the old and the new CA, and either verifies. A new
/// bundle is a new instance, which lets verification results be cached per bundle.
/// </summary>
internal sealed class CertificateAuthorityBundle
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2Collection _authorities;

    private CertificateAuthorityBundle(X509Certificate2Collection authorities, string pem, string origin)
    {
        _authorities = authorities;
        Pem = pem;
        Origin = origin;
    }

    /// <summary>The bundle as read, to tell whether a reload changed anything.</summary>
    public string Pem { get; }

    /// <summary>Where the bundle came from, for messages (a ConfigMap key or a file path).</summary>
    public string Origin { get; }

    public int Count => _authorities.Count;

    /// <summary>Parses a PEM bundle; throws <see cref="InvalidDataException"/> naming <paramref name="origin"/> if it holds no usable certificate.</summary>
    public static CertificateAuthorityBundle Parse(string pem, string origin)
    {
        ArgumentNullException.ThrowIfNull(pem);
        ArgumentException.ThrowIfNullOrEmpty(origin);
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPem(pem);
        }
        catch (CryptographicException error)
        {
            throw new InvalidDataException($"{origin} is not a valid PEM certificate bundle: {error.Message}", error);
        }

        if (authorities.Count == 0)
        {
            throw new InvalidDataException($"{origin} holds no PEM certificate");
        }

        return new CertificateAuthorityBundle(authorities, pem, origin);
    }

    /// <summary>
    /// Checks that <paramref name="certificate"/> chains to one of these CAs, is valid for client authentication
    /// and is within its validity at <paramref name="now"/> (no revocation check, as Kubernetes does none). A refusal
    /// says why in the API server's words, e.g. <c>verifying certificate SN=…, SKID=…, AKID=… failed: x509:
    /// certificate signed by unknown authority</c>.
    /// </summary>
    public CertificateVerification Verify(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthenticationOid));
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        try
        {
            if (chain.Build(certificate))
            {
                var (validFrom, validUntil) = ValidityOf(chain);
                return CertificateVerification.Valid(CertificateSubject.Of(certificate), validFrom, validUntil);
            }

            var reason = $"verifying certificate {CertificateDescription.Of(certificate)} failed: {DescribeFailure(chain, certificate, now)}";
            return CertificateVerification.Invalid(reason, NextValidityStart(chain, certificate, now));
        }
        finally
        {
            DisposeElements(chain, certificate);
        }
    }

    // The chain hands out its own copies of the certificates; the caller's leaf and our CAs are not among them.
    private void DisposeElements(X509Chain chain, X509Certificate2 leaf)
    {
        foreach (var element in chain.ChainElements)
        {
            if (!ReferenceEquals(element.Certificate, leaf) && !_authorities.Any(authority => ReferenceEquals(authority, element.Certificate)))
            {
                element.Certificate.Dispose();
            }
        }
    }

    // A refusal can only change when a certificate of the chain that is not yet valid becomes valid.
    private static DateTimeOffset NextValidityStart(X509Chain chain, X509Certificate2 certificate, DateTimeOffset now)
    {
        var next = DateTimeOffset.MaxValue;
        foreach (var notBefore in chain.ChainElements.Select(element => element.Certificate.NotBefore).Append(certificate.NotBefore))
        {
            var start = new DateTimeOffset(notBefore.ToUniversalTime());
            next = start > now && start < next ? start : next;
        }

        return next;
    }

    private static (DateTimeOffset From, DateTimeOffset Until) ValidityOf(X509Chain chain)
    {
        var from = DateTimeOffset.MinValue;
        var until = DateTimeOffset.MaxValue;
        foreach (var element in chain.ChainElements)
        {
            var notBefore = new DateTimeOffset(element.Certificate.NotBefore.ToUniversalTime());
            var notAfter = new DateTimeOffset(element.Certificate.NotAfter.ToUniversalTime());
            from = notBefore > from ? notBefore : from;
            until = notAfter < until ? notAfter : until;
        }

        return (from, until);
    }

    // Worded as Go's crypto/x509 errors, which Kubernetes operators know from the API server's logs.
    private static string DescribeFailure(X509Chain chain, X509Certificate2 certificate, DateTimeOffset now)
    {
        var flags = X509ChainStatusFlags.NoError;
        foreach (var status in chain.ChainStatus)
        {
            flags |= status.Status;
        }

        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
        {
            return "x509: certificate signed by unknown authority";
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            var notBefore = certificate.NotBefore.ToUniversalTime();
            var notAfter = certificate.NotAfter.ToUniversalTime();
            var detail = now.UtcDateTime < notBefore
                ? $"current time {Format(now.UtcDateTime)} is before {Format(notBefore)}"
                : $"current time {Format(now.UtcDateTime)} is after {Format(notAfter)}";
            return "x509: certificate has expired or is not yet valid: " + detail;
        }

        if ((flags & X509ChainStatusFlags.NotValidForUsage) != 0)
        {
            return "x509: certificate specifies an incompatible key usage";
        }

        var reasons = string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation.Trim()).Where(text => text.Length > 0));
        return "x509: certificate is not valid: " + (reasons.Length > 0 ? reasons : flags.ToString());
    }

    private static string Format(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
