using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using k8s.Models;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>
/// The stand-in's certificate authorities, generated at start as kubeadm lays them out: a cluster CA (API server and
/// kubelet serving certificates), a client CA (user certificates: CN = user, O = groups) and a separate front-proxy
/// CA whose <c>front-proxy-client</c> certificate the aggregator presents to extension API servers.
/// </summary>
internal sealed class ClusterAuthorities : IDisposable
{
    public const string FrontProxyClientName = "front-proxy-client";
    public const string AuthenticationConfigMapNamespace = "kube-system";
    public const string AuthenticationConfigMapName = "extension-apiserver-authentication";

    private ClusterAuthorities()
    {
        // Kubelets are numerous: their leaves share one key. User and proxy certificates get their own keys.
        ClusterCa = TestCertificateAuthority.Create("kubernetes", shareLeafKey: true);
        ClientCa = TestCertificateAuthority.Create("kubernetes-client-ca", shareLeafKey: false);
        FrontProxyCa = TestCertificateAuthority.Create("front-proxy-ca", shareLeafKey: false);
        FrontProxyClientCertificate = FrontProxyCa.IssueClientCertificate(FrontProxyClientName);
    }

    /// <summary>Signs the API server's and the kubelets' serving certificates.</summary>
    public TestCertificateAuthority ClusterCa { get; }

    /// <summary>Signs user client certificates; published as <c>client-ca-file</c>.</summary>
    public TestCertificateAuthority ClientCa { get; }

    /// <summary>Signs the aggregator's client certificate; published as <c>requestheader-client-ca-file</c>.</summary>
    public TestCertificateAuthority FrontProxyCa { get; }

    /// <summary>The certificate (with key) the aggregation proxy presents to backends.</summary>
    public X509Certificate2 FrontProxyClientCertificate { get; }

    public static ClusterAuthorities Create() => new();

    /// <summary>The API server's serving certificate: 127.0.0.1, ::1, localhost and the in-cluster service names.</summary>
    public X509Certificate2 IssueApiServerCertificate() =>
        ClusterCa.IssueServerCertificate(
            "kube-apiserver",
            [IPAddress.Loopback, IPAddress.IPv6Loopback],
            ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"]);

    /// <summary>A user's client certificate: CN = <paramref name="user"/>, one O per group.</summary>
    public X509Certificate2 IssueClientCertificate(string user, IEnumerable<string>? groups = null) =>
        ClientCa.IssueClientCertificate(user, groups);

    /// <summary>The ConfigMap kube-apiserver publishes for extension API servers, with the same keys and value formats.</summary>
    public V1ConfigMap AuthenticationConfigMap() => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = AuthenticationConfigMapName, NamespaceProperty = AuthenticationConfigMapNamespace },
        Data = new Dictionary<string, string>
        {
            ["client-ca-file"] = ClientCa.CertificatePem,
            ["requestheader-client-ca-file"] = FrontProxyCa.CertificatePem,
            ["requestheader-allowed-names"] = JsonSerializer.Serialize(new[] { FrontProxyClientName }),
            ["requestheader-username-headers"] = JsonSerializer.Serialize(new[] { RequestHeaderNames.User }),
            ["requestheader-group-headers"] = JsonSerializer.Serialize(new[] { RequestHeaderNames.Group }),
            ["requestheader-extra-headers-prefix"] = JsonSerializer.Serialize(new[] { RequestHeaderNames.ExtraPrefix }),
            ["requestheader-uid-headers"] = "[]",
        },
    };

    public void Dispose()
    {
        FrontProxyClientCertificate.Dispose();
        ClusterCa.Dispose();
        ClientCa.Dispose();
        FrontProxyCa.Dispose();
    }
}
