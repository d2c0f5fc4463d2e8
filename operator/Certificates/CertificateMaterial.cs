using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Keys = MetricsOperator.Certificates.CertificateSecretKeys;

namespace MetricsOperator.Certificates;

/// <summary>
/// Everything the two Secrets hold: the CAs (with the rotation phase) and the serving certificate issued by the
/// current CA. Immutable; read from and rendered to Secret data.
/// </summary>
internal sealed class CertificateMaterial
{
    public CertificateMaterial(CertificateAuthorities authorities, KeyedCertificate serving)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        ArgumentNullException.ThrowIfNull(serving);
        Authorities = authorities;
        Serving = serving;
        CaBundlePem = Encoding.UTF8.GetBytes(string.Concat(authorities.Bundle.Select(static ca => ca.ExportCertificatePem() + "\n")));
    }

    public CertificateAuthorities Authorities { get; }

    public KeyedCertificate Serving { get; }

    public CaRotationPhase Phase => Authorities.Phase;

    /// <summary>What the APIService caBundle (and the serving Secret's ca.crt) must hold: the current CA, plus the next or previous one during a rotation.</summary>
    public byte[] CaBundlePem { get; }

    public IReadOnlyList<X509Certificate2> CaBundle => Authorities.Bundle;

    public DateTimeOffset ServingNotAfter => Serving.NotAfter;

    /// <summary>Expiry of the current CA (the one issuing the serving certificate).</summary>
    public DateTimeOffset CaNotAfter => Authorities.Current.NotAfter;

    /// <summary>
    /// Reads both Secrets; null (with the problem) when either is missing or unusable. To keep a valid CA when only
    /// the serving Secret is bad, use <see cref="CertificateRotationPlanner.PlanFromSecretData"/>.
    /// </summary>
    public static CertificateMaterial? FromSecretData(IDictionary<string, byte[]>? caSecretData, IDictionary<string, byte[]>? servingSecretData, out string? problem)
    {
        if (!CertificateAuthorities.TryParse(caSecretData, out var authorities, out problem))
        {
            return null;
        }

        return TryParseServing(servingSecretData, out var serving, out problem) ? new CertificateMaterial(authorities, serving) : null;
    }

    /// <summary>The serving Secret's certificate and key (its ca.crt is derived, so not read).</summary>
    public static bool TryParseServing(IDictionary<string, byte[]>? data, [NotNullWhen(true)] out KeyedCertificate? serving, [NotNullWhen(false)] out string? problem)
    {
        serving = null;
        if (data is null || !data.TryGetValue(Keys.ServingCertificate, out var certificate) || !data.TryGetValue(Keys.ServingPrivateKey, out var key)
            || certificate is null || key is null)
        {
            problem = $"the serving Secret lacks {Keys.ServingCertificate} or {Keys.ServingPrivateKey}";
            return false;
        }

        return KeyedCertificate.TryParse(
            Encoding.UTF8.GetString(certificate), Encoding.UTF8.GetString(key), $"serving Secret {Keys.ServingCertificate}/{Keys.ServingPrivateKey}", out serving, out problem);
    }

    /// <summary>Data of Secret metrics-operator-ca.</summary>
    public IDictionary<string, byte[]> ToCaSecretData() => Authorities.ToSecretData();

    /// <summary>Data of Secret metrics-operator-serving-cert (kubernetes.io/tls): tls.crt, tls.key (PKCS#8) and ca.crt (the bundle).</summary>
    public IDictionary<string, byte[]> ToServingSecretData() => new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        [Keys.ServingCertificate] = Encoding.UTF8.GetBytes(Serving.CertificatePem),
        [Keys.ServingPrivateKey] = Encoding.UTF8.GetBytes(Serving.PrivateKeyPem),
        [Keys.ServingCaBundle] = (byte[])CaBundlePem.Clone(),
    };
}
