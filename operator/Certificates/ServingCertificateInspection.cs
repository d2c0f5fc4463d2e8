using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Certificates;

/// <summary>Checks of an existing serving certificate against what it should be.</summary>
internal static class ServingCertificateInspection
{
    /// <summary>The certificate's DNS SANs equal <paramref name="expected"/> as a set (DNS names are case-insensitive).</summary>
    public static bool SameDnsNames(X509Certificate2 certificate, IReadOnlyList<string> expected, out IReadOnlyList<string> actual)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        actual = DnsNames(certificate);
        return actual.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(expected);
    }

    public static IReadOnlyList<string> DnsNames(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return [.. certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(static names => names.EnumerateDnsNames())];
    }

    /// <summary>
    /// The certificate's signature verifies with <paramref name="ca"/>'s key (validity periods are not this check's
    /// concern: expiry is handled by renewal).
    /// </summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(ca);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(certificate)
            && chain.ChainElements.Count == 2
            && chain.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
    }
}
