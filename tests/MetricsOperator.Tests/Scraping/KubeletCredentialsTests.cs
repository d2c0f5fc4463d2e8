using System.Net.Http.Headers;
using System.Text;
using k8s;
using k8s.Authentication;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Scraping;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Scraping;

internal sealed class KubeletCredentialsTests
{
    private TestCertificateAuthority _authority = null!;
    private string _directory = null!;

    [OneTimeSetUp]
    public void CreateAuthority() => _authority = TestCertificateAuthority.Create("credentials-test-ca");

    [OneTimeTearDown]
    public void DisposeAuthority() => _authority.Dispose();

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("kubelet-credentials-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task A_kubeconfig_gives_token_client_certificate_and_cluster_CA()
    {
        using var clientCertificate = _authority.IssueClientCertificate("system:serviceaccount:kube-system:metrics-backend");
        var kubeconfig = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: {Base64(_authority.CertificatePem)}
            users:
            - name: u
              user:
                token: from-kubeconfig
                client-certificate-data: {Base64(clientCertificate.ExportCertificatePem())}
                client-key-data: {Base64(TestCertificateAuthority.PrivateKeyPem(clientCertificate))}
            contexts:
            - name: ctx
              context:
                cluster: c
                user: u
            current-context: ctx
            """;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
        var config = await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream);

        using var credentials = KubeletCredentials.FromClientConfiguration(config, TimeProvider.System);

        Assert.Multiple(async () =>
        {
            Assert.That(await credentials.GetAuthorizationAsync(CancellationToken.None), Is.EqualTo(new AuthenticationHeaderValue("Bearer", "from-kubeconfig")));
            Assert.That(credentials.ClientCertificate!.Subject, Is.EqualTo("CN=system:serviceaccount:kube-system:metrics-backend"));
            Assert.That(credentials.ClientCertificate.HasPrivateKey, Is.True);
            Assert.That(credentials.ClusterCa.Single().Thumbprint, Is.EqualTo(_authority.Certificate.Thumbprint));
        });
    }

    [Test]
    public void Client_certificate_and_key_files_are_loaded()
    {
        using var clientCertificate = _authority.IssueClientCertificate("scraper");
        var (certificatePath, keyPath) = TestCertificateAuthority.WriteFiles(clientCertificate, _directory, "client");
        var config = new KubernetesClientConfiguration { ClientCertificateFilePath = certificatePath, ClientKeyFilePath = keyPath };

        using var credentials = KubeletCredentials.FromClientConfiguration(config, TimeProvider.System);

        Assert.That(credentials.ClientCertificate!.Thumbprint, Is.EqualTo(clientCertificate.Thumbprint));
        Assert.That(credentials.HasAuthorization, Is.False);
    }

    [TestCase(true, false, "client certificate data and client key data must be given together")]
    [TestCase(false, true, "client certificate data and client key data must be given together")]
    public void Half_a_client_certificate_is_an_error(bool certificate, bool key, string message)
    {
        using var clientCertificate = _authority.IssueClientCertificate("scraper");
        var config = new KubernetesClientConfiguration
        {
            ClientCertificateData = certificate ? Base64(clientCertificate.ExportCertificatePem()) : null,
            ClientCertificateKeyData = key ? Base64(TestCertificateAuthority.PrivateKeyPem(clientCertificate)) : null,
        };

        Assert.That(() => KubeletCredentials.FromClientConfiguration(config, TimeProvider.System), Throws.TypeOf<KubeletSetupException>().With.Message.EqualTo(message));
    }

    [Test]
    public void A_missing_client_key_file_is_reported_with_the_cause()
    {
        var config = new KubernetesClientConfiguration { ClientCertificateFilePath = Path.Combine(_directory, "no.crt"), ClientKeyFilePath = Path.Combine(_directory, "no.key") };

        Assert.That(
            () => KubeletCredentials.FromClientConfiguration(config, TimeProvider.System),
            Throws.TypeOf<KubeletSetupException>().With.Message.StartsWith("client certificate could not be loaded: "));
    }

    [Test]
    public async Task The_token_file_comes_first_then_the_token_provider_then_the_static_token_then_basic()
    {
        var tokenFile = Path.Combine(_directory, "token");
        await File.WriteAllTextAsync(tokenFile, "projected\n");
        var config = new KubernetesClientConfiguration
        {
            TokenProvider = new StringTokenProvider("from-provider", "Bearer"),
            AccessToken = "static",
            Username = "admin",
            Password = "pw",
        };

        var withFile = await HeaderOf(KubeletCredentials.FromClientConfiguration(config, TimeProvider.System, tokenFile));
        var withProvider = await HeaderOf(KubeletCredentials.FromClientConfiguration(config, TimeProvider.System));
        config.TokenProvider = null;
        var withStatic = await HeaderOf(KubeletCredentials.FromClientConfiguration(config, TimeProvider.System));
        config.AccessToken = null;
        var withBasic = await HeaderOf(KubeletCredentials.FromClientConfiguration(config, TimeProvider.System));
        config.Username = null;
        var withNothing = await HeaderOf(KubeletCredentials.FromClientConfiguration(config, TimeProvider.System));

        Assert.Multiple(() =>
        {
            Assert.That(withFile, Is.EqualTo(new AuthenticationHeaderValue("Bearer", "projected")));
            Assert.That(withProvider, Is.EqualTo(new AuthenticationHeaderValue("Bearer", "from-provider")));
            Assert.That(withStatic, Is.EqualTo(new AuthenticationHeaderValue("Bearer", "static")));
            Assert.That(withBasic, Is.EqualTo(new AuthenticationHeaderValue("Basic", Base64("admin:pw"))));
            Assert.That(withNothing, Is.Null);
        });
    }

    [Test]
    public async Task A_rotated_token_file_is_read_again_after_a_minute()
    {
        var time = new FakeTimeProvider();
        var tokenFile = Path.Combine(_directory, "token");
        await File.WriteAllTextAsync(tokenFile, "first");
        var token = new RotatingTokenFile(tokenFile, time);

        var initial = await token.GetHeaderAsync(CancellationToken.None);
        await File.WriteAllTextAsync(tokenFile, "second");
        time.Advance(TimeSpan.FromSeconds(59));
        var withinTheMinute = await token.GetHeaderAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        var afterTheMinute = await token.GetHeaderAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(initial.Parameter, Is.EqualTo("first"));
            Assert.That(withinTheMinute, Is.SameAs(initial), "no file read and no allocation between refreshes");
            Assert.That(afterTheMinute.Parameter, Is.EqualTo("second"));
        });
    }

    [Test]
    public async Task A_token_file_that_disappears_keeps_the_last_token()
    {
        var time = new FakeTimeProvider();
        var tokenFile = Path.Combine(_directory, "token");
        await File.WriteAllTextAsync(tokenFile, "kept");
        var token = new RotatingTokenFile(tokenFile, time);
        await token.GetHeaderAsync(CancellationToken.None);

        File.Delete(tokenFile);
        time.Advance(TimeSpan.FromMinutes(2));

        Assert.That((await token.GetHeaderAsync(CancellationToken.None)).Parameter, Is.EqualTo("kept"));
    }

    [Test]
    public async Task An_empty_token_file_is_an_error_naming_the_file()
    {
        var tokenFile = Path.Combine(_directory, "token");
        await File.WriteAllTextAsync(tokenFile, "  \n");
        var token = new RotatingTokenFile(tokenFile, TimeProvider.System);

        Assert.That(
            async () => await token.GetHeaderAsync(CancellationToken.None),
            Throws.TypeOf<KubeletSetupException>().With.Message.EqualTo($"token file {tokenFile} is empty"));
    }

    private static async Task<AuthenticationHeaderValue?> HeaderOf(KubeletCredentials credentials)
    {
        using (credentials)
        {
            return await credentials.GetAuthorizationAsync(CancellationToken.None);
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
