using System.Security.Cryptography.X509Certificates;
using System.Text;
using MetricsOperator.KubeletFarm;
using MetricsOperator.SimulatedCluster.Rest;
using MetricsOperator.SimulatedCluster.Sandbox;

namespace MetricsOperator.Tests.SimulatedCluster.Sandbox;

[TestFixture]
internal sealed class UserCertificatesTests
{
    [Test]
    public void IssuedKubeconfigCarriesACertificateForTheUserAndGroupsFromTheSandboxClientCa()
    {
        using var clientCa = TestCertificateAuthority.Create("client-ca");
        using var clusterCa = TestCertificateAuthority.Create("cluster-ca");
        var directory = Directory.CreateTempSubdirectory("sandbox-certs-");
        try
        {
            var admin = Path.Combine(directory.FullName, "kubeconfig");
            using (var adminCertificate = clientCa.IssueClientCertificate("kubernetes-admin", ["system:masters"]))
            {
                SandboxKubeconfig.WithCertificate(admin, new Uri("https://127.0.0.1:6443"), clusterCa.CertificatePem, "admin", adminCertificate);
            }

            UserCertificates.Publish(clientCa, directory.FullName);
            var target = Path.Combine(directory.FullName, "viewer.kubeconfig");

            var exit = UserCertificates.Issue(["viewer", "team-a", "team-b", "--kubeconfig", admin, "--out", target], TextWriter.Null);

            var user = YamlToJson.Convert(File.ReadAllText(target))!["users"]![0]!["user"]!;
            using var certificate = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(user["client-certificate-data"]!.ToString())));
            Assert.That(exit, Is.Zero);
            Assert.That(clientCa.IsValidClientCertificate(certificate), Is.True);
            Assert.That(certificate.GetNameInfo(X509NameType.SimpleName, false), Is.EqualTo("viewer"));
            Assert.That(certificate.Subject, Does.Contain("O=team-a").And.Contain("O=team-b"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void WithoutARunningSandboxTheCauseIsNamed()
    {
        var error = Assert.Throws<FileNotFoundException>(() => UserCertificates.Issue(["u", "--kubeconfig", "/nonexistent/kubeconfig", "--out", "/tmp/x"], TextWriter.Null));

        Assert.That(error!.Message, Does.Contain("is the sandbox running?"));
    }
}
