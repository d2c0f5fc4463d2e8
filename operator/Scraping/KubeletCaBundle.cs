using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Scraping;

/// <summary>Which roots kubelet certificates are verified against, and the parsing of a configured PEM bundle.</summary>
internal static class KubeletCaBundle
{
    /// <summary>The configured bundle, else the cluster CA, else null (the system store).</summary>
    /// <exception cref="KubeletSetupException">The configured bundle holds no certificate or is not PEM.</exception>
    public static X509Certificate2Collection? TrustedRoots(KubeletTransportSettings transport, KubeletCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(credentials);
        if (transport.CaBundlePem is { } pem)
        {
            return ParseBundle(pem);
        }

        return credentials.ClusterCa.Count > 0 ? credentials.ClusterCa : null;
    }

    public static X509Certificate2Collection ParseBundle(string pem)
    {
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new KubeletSetupException($"kubelet CA bundle is not valid PEM: {e.Message}", e);
        }

        return bundle.Count > 0 ? bundle : throw new KubeletSetupException("kubelet CA bundle contains no certificate");
    }
}
