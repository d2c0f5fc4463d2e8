using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.Tests.SimulatedCluster.Security;

[TestFixture]
public sealed class ClusterAuthoritiesTests
{
    [Test]
    public void The_authentication_config_map_publishes_both_cas_and_the_request_header_settings_as_json_arrays()
    {
        using var authorities = ClusterAuthorities.Create();

        var map = authorities.AuthenticationConfigMap();

        Assert.Multiple(() =>
        {
            Assert.That((map.Metadata.NamespaceProperty, map.Metadata.Name), Is.EqualTo(("kube-system", "extension-apiserver-authentication")));
            Assert.That(map.Data["client-ca-file"], Is.EqualTo(authorities.ClientCa.CertificatePem));
            Assert.That(map.Data["requestheader-client-ca-file"], Is.EqualTo(authorities.FrontProxyCa.CertificatePem));
            Assert.That(map.Data["requestheader-client-ca-file"], Is.Not.EqualTo(map.Data["client-ca-file"]));
            Assert.That(map.Data["requestheader-allowed-names"], Is.EqualTo("[\"front-proxy-client\"]"));
            Assert.That(JsonSerializer.Deserialize<string[]>(map.Data["requestheader-username-headers"]), Is.EqualTo(new[] { "X-Remote-User" }));
            Assert.That(JsonSerializer.Deserialize<string[]>(map.Data["requestheader-group-headers"]), Is.EqualTo(new[] { "X-Remote-Group" }));
            Assert.That(JsonSerializer.Deserialize<string[]>(map.Data["requestheader-extra-headers-prefix"]), Is.EqualTo(new[] { "X-Remote-Extra-" }));
        });
    }

    [Test]
    public void The_front_proxy_client_chains_to_the_front_proxy_ca_only_and_the_server_certificate_covers_loopback()
    {
        using var authorities = ClusterAuthorities.Create();
        using var server = authorities.IssueApiServerCertificate();

        Assert.Multiple(() =>
        {
            Assert.That(authorities.FrontProxyCa.IsValidClientCertificate(authorities.FrontProxyClientCertificate), Is.True);
            Assert.That(authorities.ClientCa.IsValidClientCertificate(authorities.FrontProxyClientCertificate), Is.False);
            Assert.That(authorities.FrontProxyClientCertificate.GetNameInfo(X509NameType.SimpleName, false), Is.EqualTo("front-proxy-client"));
            Assert.That(authorities.ClusterCa.IsValidServerCertificate(server), Is.True);
            Assert.That(server.MatchesHostname("localhost"), Is.True);
            Assert.That(server.MatchesHostname(IPAddress.Loopback.ToString()), Is.True);
        });
    }
}
