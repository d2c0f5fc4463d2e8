using System.Net;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Serving.Authentication;

namespace MetricsOperator.Tests.Serving.Authentication.Testing;

/// <summary>
/// The certificate authorities of a test cluster: one that signs the server's serving certificate, the client CA,
/// the front-proxy (request-header) CA and a rogue CA nobody trusts; plus the ConfigMap the API server would publish.
/// </summary>
internal sealed class TestPki : IDisposable
{
    public TestPki()
    {
        ServerAuthority = TestCertificateAuthority.Create("serving-ca");
        ClientAuthority = TestCertificateAuthority.Create("client-ca");
        FrontProxyAuthority = TestCertificateAuthority.Create("front-proxy-ca");
        RogueAuthority = TestCertificateAuthority.Create("rogue-ca");
        ServerCertificate = ServerAuthority.IssueServerCertificate("metrics-operator", [IPAddress.Loopback], ["localhost"]);
    }

    public TestCertificateAuthority ServerAuthority { get; }

    public TestCertificateAuthority ClientAuthority { get; }

    public TestCertificateAuthority FrontProxyAuthority { get; }

    public TestCertificateAuthority RogueAuthority { get; }

    public X509Certificate2 ServerCertificate { get; }

    /// <summary>The aggregator's proxy-client certificate (CN front-proxy-client, as kubeadm names it).</summary>
    public X509Certificate2 FrontProxyClient(string commonName = "front-proxy-client") =>
        FrontProxyAuthority.IssueClientCertificate(commonName);

    public X509Certificate2 Client(string user, params string[] groups) => ClientAuthority.IssueClientCertificate(user, groups);

    /// <summary>ConfigMap kube-system/extension-apiserver-authentication as kubeadm's API server publishes it.</summary>
    public V1ConfigMap ConfigMap(string allowedNamesJson = """["front-proxy-client"]""", string? clientCaPem = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = AuthenticationConfigMap.DefaultName, NamespaceProperty = AuthenticationConfigMap.DefaultNamespace, ResourceVersion = "1" },
        Data = new Dictionary<string, string>
        {
            [AuthenticationConfigMap.ClientCaKey] = clientCaPem ?? ClientAuthority.CertificatePem,
            [AuthenticationConfigMap.RequestHeaderCaKey] = FrontProxyAuthority.CertificatePem,
            [AuthenticationConfigMap.AllowedNamesKey] = allowedNamesJson,
            [AuthenticationConfigMap.UsernameHeadersKey] = """["X-Remote-User"]""",
            [AuthenticationConfigMap.GroupHeadersKey] = """["X-Remote-Group"]""",
            [AuthenticationConfigMap.ExtraHeaderPrefixesKey] = """["X-Remote-Extra-"]""",
        },
    };

    public AuthenticationConfig Config(string allowedNamesJson = """["front-proxy-client"]""") => AuthenticationConfigMap.Parse(ConfigMap(allowedNamesJson));

    public void Dispose()
    {
        ServerCertificate.Dispose();
        ServerAuthority.Dispose();
        ClientAuthority.Dispose();
        FrontProxyAuthority.Dispose();
        RogueAuthority.Dispose();
    }
}
