using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// A throw-away ECDSA P-256 certificate authority for tests: serving certificates for kubelets (IP and DNS SANs,
/// serverAuth) and client certificates in the Kubernetes convention (CN = user, O = groups, clientAuth).
/// By default every leaf shares one key pair, which makes issuing thousands of node certificates cheap;
/// a separate CA (another instance) or <see cref="CertificateValidity.Expired"/> give the failure cases.
/// Validity uses the real clock unless told otherwise: TLS peers check certificates against wall time.
/// </summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private readonly ECDsa _caKey;
    private readonly ECDsa? _sharedLeafKey;
    private readonly TimeProvider _clock;

    private TestCertificateAuthority(string commonName, TimeProvider clock, bool shareLeafKey)
    {
        _clock = clock;
        _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + commonName, _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = clock.GetUtcNow();
        Certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        CertificatePem = Certificate.ExportCertificatePem();
        _sharedLeafKey = shareLeafKey ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate in PEM: the bundle a client must trust.</summary>
    public string CertificatePem { get; }

    public static TestCertificateAuthority Create(string commonName = "kubelet-farm-ca", TimeProvider? clock = null, bool shareLeafKey = true) =>
        new(commonName, clock ?? TimeProvider.System, shareLeafKey);

    /// <summary>A kubelet-style serving certificate: SANs for every address and DNS name, serverAuth.</summary>
    public X509Certificate2 IssueServerCertificate(
        string commonName,
        IEnumerable<IPAddress> ipAddresses,
        IEnumerable<string>? dnsNames = null,
        CertificateValidity? validity = null)
    {
        ArgumentNullException.ThrowIfNull(ipAddresses);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var address in ipAddresses)
        {
            names.AddIpAddress(address);
        }

        foreach (var dnsName in dnsNames ?? [])
        {
            names.AddDnsName(dnsName);
        }

        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("system:nodes");
        subject.AddCommonName(commonName);
        return Issue(subject.Build(), ServerAuthOid, names.Build(), validity);
    }

    /// <summary>A client certificate as Kubernetes reads it: CN is the user, each O a group.</summary>
    public X509Certificate2 IssueClientCertificate(string user, IEnumerable<string>? groups = null, CertificateValidity? validity = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups ?? [])
        {
            subject.AddOrganizationName(group);
        }

        subject.AddCommonName(user);
        return Issue(subject.Build(), ClientAuthOid, subjectAlternativeNames: null, validity);
    }

    /// <summary>True when <paramref name="certificate"/> chains to this CA, is within its validity now and allows client authentication.</summary>
    public bool IsValidClientCertificate(X509Certificate2 certificate) => Chains(certificate, ClientAuthOid);

    /// <summary>True when <paramref name="certificate"/> chains to this CA, is within its validity now and allows server authentication.</summary>
    public bool IsValidServerCertificate(X509Certificate2 certificate) => Chains(certificate, ServerAuthOid);

    /// <summary>Client TLS options that trust only this CA (host names and SAN IPs are still checked by SslStream).</summary>
    public void TrustFrom(SslClientAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.CertificateChainPolicy = NewChainPolicy();
    }

    /// <summary>Writes <c>ca.crt</c> into <paramref name="directory"/> and returns its path.</summary>
    public string WriteCaBundle(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "ca.crt");
        File.WriteAllText(path, CertificatePem);
        return path;
    }

    /// <summary>Writes <c>name.crt</c> and <c>name.key</c> (PKCS#8 PEM) into <paramref name="directory"/>.</summary>
    public static (string CertificatePath, string KeyPath) WriteFiles(X509Certificate2 certificate, string directory, string name)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Directory.CreateDirectory(directory);
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, PrivateKeyPem(certificate));
        return (certificatePath, keyPath);
    }

    public static string PrivateKeyPem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException($"{certificate.Subject} carries no ECDSA private key");
        return key.ExportPkcs8PrivateKeyPem();
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _caKey.Dispose();
        _sharedLeafKey?.Dispose();
    }

    private X509Certificate2 Issue(X500DistinguishedName subject, string usageOid, X509Extension? subjectAlternativeNames, CertificateValidity? validity)
    {
        var window = validity ?? CertificateValidity.Current(_clock);
        if (window.NotAfter <= window.NotBefore)
        {
            throw new ArgumentException($"certificate validity ends ({window.NotAfter:O}) before it starts ({window.NotBefore:O})", nameof(validity));
        }

        using var ownKey = _sharedLeafKey is null ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        var key = ownKey ?? _sharedLeafKey!;
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (subjectAlternativeNames is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeNames);
        }

        // The CA's own window bounds the leaf's (CertificateRequest.Create refuses a leaf outliving its issuer).
        var notAfter = window.NotAfter < Certificate.NotAfter ? window.NotAfter : new DateTimeOffset(Certificate.NotAfter);
        var notBefore = window.NotBefore > Certificate.NotBefore ? window.NotBefore : new DateTimeOffset(Certificate.NotBefore);
        using var publicOnly = request.Create(Certificate, notBefore, notAfter, NewSerialNumber());
        return publicOnly.CopyWithPrivateKey(key);
    }

    private bool Chains(X509Certificate2 certificate, string usageOid)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain { ChainPolicy = NewChainPolicy() };
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usageOid));
        chain.ChainPolicy.VerificationTime = _clock.GetUtcNow().UtcDateTime;
        return chain.Build(certificate);
    }

    private X509ChainPolicy NewChainPolicy()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(Certificate);
        return policy;
    }

    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        return serial;
    }
}
