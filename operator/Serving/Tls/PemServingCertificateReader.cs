using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Serving.Tls;

/// <summary>
/// Turns tls.crt, tls.key and ca.crt (PEM) into a <see cref="ServingCertificate"/>, or names what is wrong: no PEM
/// where one is expected, a key that does not belong to the certificate, a certificate that has expired, is not
/// valid yet, or may not be used for server authentication (TLS handshakes would fail with it).
/// </summary>
internal static class PemServingCertificateReader
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    public static bool TryRead(
        string certificatePem,
        string keyPem,
        string? caPem,
        ServingCertificateOrigin origin,
        DateTimeOffset now,
        [NotNullWhen(true)] out ServingCertificate? certificate,
        [NotNullWhen(false)] out string? reason)
    {
        certificate = null;
        reason = Problem(certificatePem, keyPem);
        if (reason is not null)
        {
            return false;
        }

        X509Certificate2 leaf;
        try
        {
            leaf = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // A key of another certificate is an ArgumentException, a malformed one a CryptographicException.
            reason = $"tls.crt and tls.key do not form a certificate with its private key: {e.Message}";
            return false;
        }

        X509Certificate2Collection cas = [];
        reason = UsageProblem(leaf, now) ?? ReadCas(caPem, cas);
        if (reason is not null)
        {
            leaf.Dispose();
            return false;
        }

        certificate = new ServingCertificate(leaf, cas, origin);
        return true;
    }

    private static string? Problem(string certificatePem, string keyPem)
    {
        if (!ContainsPem(certificatePem, static label => label.SequenceEqual("CERTIFICATE")))
        {
            return "tls.crt holds no PEM certificate";
        }

        return ContainsPem(keyPem, static label => label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            ? null
            : "tls.key holds no PEM private key";
    }

    private static string? UsageProblem(X509Certificate2 leaf, DateTimeOffset now)
    {
        if (now > leaf.NotAfter.ToUniversalTime())
        {
            return $"the certificate expired at {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'}";
        }

        if (now < leaf.NotBefore.ToUniversalTime())
        {
            return $"the certificate is not valid before {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'}";
        }

        foreach (var extension in leaf.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension usages && !Contains(usages.EnhancedKeyUsages, ServerAuthentication))
            {
                return "the certificate's extended key usage does not allow server authentication";
            }
        }

        return null;
    }

    private static string? ReadCas(string? caPem, X509Certificate2Collection cas)
    {
        if (string.IsNullOrWhiteSpace(caPem))
        {
            return null;
        }

        try
        {
            cas.ImportFromPem(caPem);
        }
        catch (CryptographicException e)
        {
            return $"ca.crt is not a valid PEM certificate bundle: {e.Message}";
        }

        return cas.Count == 0 ? "ca.crt holds no PEM certificate" : null;
    }

    private static bool Contains(OidCollection oids, string value)
    {
        foreach (var oid in oids)
        {
            if (oid.Value == value)
            {
                return true;
            }
        }

        return false;
    }

    private delegate bool LabelMatch(ReadOnlySpan<char> label);

    private static bool ContainsPem(string text, LabelMatch matches)
    {
        var remaining = text.AsSpan();
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            if (matches(remaining[fields.Label]))
            {
                return true;
            }

            remaining = remaining[fields.Location.End..];
        }

        return false;
    }
}
