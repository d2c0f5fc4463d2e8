using System.Net;
using System.Security.Cryptography.X509Certificates;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Tests.Serving.Tls;

/// <summary>A CA issuing serving certificates (each with its own key) and the PEM texts the operator would store.</summary>
/// <param name="time">
/// The clock the certificates' validity starts from: the one the code under test judges them by, so that a fake clock
/// fixed at some instant does not see certificates issued later by the real clock as not yet valid.
/// </param>
internal sealed class ServingPki(TimeProvider? time = null) : IDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("serving-ca", time ?? TimeProvider.System, shareLeafKey: false);

    public string CaPem => _ca.CertificatePem;

    public Pem Issue(string commonName = "metrics-operator.ns.svc", CertificateValidity? validity = null)
    {
        using var certificate = _ca.IssueServerCertificate(commonName, [IPAddress.Loopback], ["localhost", commonName], validity);
        return Pem.Of(certificate);
    }

    /// <summary>A certificate for clients only (no serverAuth), which no TLS server may present.</summary>
    public Pem IssueClientOnly()
    {
        using var certificate = _ca.IssueClientCertificate("someone");
        return Pem.Of(certificate);
    }

    public void Dispose() => _ca.Dispose();

    internal sealed record Pem(string Certificate, string Key, string Thumbprint)
    {
        public static Pem Of(X509Certificate2 certificate) =>
            new(certificate.ExportCertificatePem(), TestCertificateAuthority.PrivateKeyPem(certificate), certificate.Thumbprint);

        public void WriteTo(string directory)
        {
            File.WriteAllText(Path.Combine(directory, "tls.crt"), Certificate);
            File.WriteAllText(Path.Combine(directory, "tls.key"), Key);
        }
    }
}
