using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Keys = MetricsOperator.Certificates.CertificateSecretKeys;

namespace MetricsOperator.Certificates;

/// <summary>
/// The CA Secret's content: the current CA with its key and, during a rotation, the next CA (with its key) or the
/// previous CA (certificate only), the <see cref="CaRotationPhase"/> and when that phase's bundle was published.
/// </summary>
internal sealed class CertificateAuthorities
{
    private CertificateAuthorities(KeyedCertificate current, KeyedCertificate? next, X509Certificate2? previous, CaRotationPhase phase, DateTimeOffset? phaseSince)
    {
        Current = current;
        Next = next;
        Previous = previous;
        Phase = phase;
        PhaseSince = phaseSince;
    }

    /// <summary>The CA that issues the serving certificate; in every bundle.</summary>
    public KeyedCertificate Current { get; }

    /// <summary>Set in <see cref="CaRotationPhase.NextCaPublished"/> only.</summary>
    public KeyedCertificate? Next { get; }

    /// <summary>Set in <see cref="CaRotationPhase.ServingSwitched"/> only.</summary>
    public X509Certificate2? Previous { get; }

    public CaRotationPhase Phase { get; }

    /// <summary>When the bundle of the current phase was published; null when <see cref="CaRotationPhase.Stable"/>.</summary>
    public DateTimeOffset? PhaseSince { get; }

    /// <summary>The CAs clients must trust now, oldest first.</summary>
    public IReadOnlyList<X509Certificate2> Bundle => Phase switch
    {
        CaRotationPhase.NextCaPublished => [Current.Certificate, Next!.Certificate],
        CaRotationPhase.ServingSwitched => [Previous!, Current.Certificate],
        _ => [Current.Certificate],
    };

    public static CertificateAuthorities Stable(KeyedCertificate current) => new(current, null, null, CaRotationPhase.Stable, null);

    /// <summary>Stable → NextCaPublished.</summary>
    public CertificateAuthorities StartRotation(KeyedCertificate next, DateTimeOffset now) =>
        Phase == CaRotationPhase.Stable
            ? new(Current, next, null, CaRotationPhase.NextCaPublished, now)
            : throw new InvalidOperationException($"a CA rotation cannot start in phase {Phase}");

    /// <summary>NextCaPublished → ServingSwitched: the next CA becomes current.</summary>
    public CertificateAuthorities SwitchToNext(DateTimeOffset now) =>
        Phase == CaRotationPhase.NextCaPublished
            ? new(Next!, null, Current.Certificate, CaRotationPhase.ServingSwitched, now)
            : throw new InvalidOperationException($"cannot switch to the next CA in phase {Phase}");

    /// <summary>ServingSwitched → Stable.</summary>
    public CertificateAuthorities RetirePrevious() =>
        Phase == CaRotationPhase.ServingSwitched
            ? Stable(Current)
            : throw new InvalidOperationException($"no previous CA to retire in phase {Phase}");

    public IDictionary<string, byte[]> ToSecretData()
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [Keys.CaCertificate] = Encoding.UTF8.GetBytes(Current.CertificatePem),
            [Keys.CaPrivateKey] = Encoding.UTF8.GetBytes(Current.PrivateKeyPem),
        };
        if (Phase == CaRotationPhase.Stable)
        {
            return data;
        }

        data[Keys.RotationPhase] = Encoding.UTF8.GetBytes(Phase.ToString());
        data[Keys.RotationPhaseSince] = Encoding.UTF8.GetBytes(PhaseSince!.Value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        if (Next is not null)
        {
            data[Keys.NextCaCertificate] = Encoding.UTF8.GetBytes(Next.CertificatePem);
            data[Keys.NextCaPrivateKey] = Encoding.UTF8.GetBytes(Next.PrivateKeyPem);
        }

        if (Previous is not null)
        {
            data[Keys.PreviousCaCertificate] = Encoding.UTF8.GetBytes(Previous.ExportCertificatePem());
        }

        return data;
    }

    /// <summary>Reads the CA Secret's data; names the first problem instead of throwing on anything malformed.</summary>
    public static bool TryParse(IDictionary<string, byte[]>? data, [NotNullWhen(true)] out CertificateAuthorities? parsed, [NotNullWhen(false)] out string? problem)
    {
        parsed = null;
        if (data is null || data.Count == 0)
        {
            problem = "the CA Secret has no data";
            return false;
        }

        if (!TryPair(data, Keys.CaCertificate, Keys.CaPrivateKey, out var current, out problem))
        {
            return false;
        }

        var phaseText = Text(data, Keys.RotationPhase);
        if (phaseText is null)
        {
            parsed = Stable(current);
            return true;
        }

        if (!Enum.TryParse<CaRotationPhase>(phaseText, ignoreCase: false, out var phase) || !Enum.IsDefined(phase) || int.TryParse(phaseText, out _))
        {
            problem = $"CA Secret {Keys.RotationPhase}: unknown phase '{phaseText}'";
            return false;
        }

        if (phase == CaRotationPhase.Stable)
        {
            parsed = Stable(current);
            return true;
        }

        var sinceText = Text(data, Keys.RotationPhaseSince);
        if (sinceText is null || !DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var since))
        {
            problem = $"CA Secret {Keys.RotationPhaseSince}: missing or not a timestamp ('{sinceText}')";
            return false;
        }

        if (phase == CaRotationPhase.NextCaPublished)
        {
            if (!TryPair(data, Keys.NextCaCertificate, Keys.NextCaPrivateKey, out var next, out problem))
            {
                return false;
            }

            parsed = new CertificateAuthorities(current, next, null, phase, since);
            return true;
        }

        var previousPem = Text(data, Keys.PreviousCaCertificate);
        if (previousPem is null)
        {
            problem = $"CA Secret: phase {phase} without {Keys.PreviousCaCertificate}";
            return false;
        }

        if (!KeyedCertificate.TryParseCertificate(previousPem, $"CA Secret {Keys.PreviousCaCertificate}", out var previous, out problem))
        {
            return false;
        }

        parsed = new CertificateAuthorities(current, null, previous, phase, since);
        return true;
    }

    private static bool TryPair(IDictionary<string, byte[]> data, string certificateKey, string privateKeyKey, [NotNullWhen(true)] out KeyedCertificate? pair, [NotNullWhen(false)] out string? problem)
    {
        pair = null;
        var certificate = Text(data, certificateKey);
        var key = Text(data, privateKeyKey);
        if (certificate is null || key is null)
        {
            problem = $"the CA Secret lacks {(certificate is null ? certificateKey : privateKeyKey)}";
            return false;
        }

        if (!KeyedCertificate.TryParse(certificate, key, $"CA Secret {certificateKey}/{privateKeyKey}", out pair, out problem))
        {
            return false;
        }

        if (!IsCa(pair.Certificate))
        {
            problem = $"CA Secret {certificateKey}: the certificate is not a CA (basicConstraints CA:true missing)";
            pair = null;
            return false;
        }

        return true;
    }

    private static bool IsCa(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(static constraints => constraints.CertificateAuthority);

    private static string? Text(IDictionary<string, byte[]> data, string key) =>
        data.TryGetValue(key, out var bytes) && bytes is { Length: > 0 } ? Encoding.UTF8.GetString(bytes) : null;
}
