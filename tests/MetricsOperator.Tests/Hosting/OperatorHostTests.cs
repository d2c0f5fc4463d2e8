using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Storage;

namespace MetricsOperator.Tests.Hosting;

/// <summary>
/// The composed operator process, end to end: informers list nodes and pods from an API server, the scrape loop
/// reads every simulated kubelet over verified TLS with the kubeconfig's credentials, the store serves rates over
/// HTTPS with the certificate from the <c>--tls-cert-file</c> pair, and a rotated pair is served without a restart.
/// </summary>
[NonParallelizable]
public sealed class OperatorHostTests
{
    private RunningOperatorHost _running = null!;
    private CancellationTokenSource _timeout = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _running = await RunningOperatorHost.StartAsync(_timeout.Token);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _running.DisposeAsync();
        _timeout.Dispose();
    }

    [Test]
    public void The_run_host_scrapes_every_kubelet_the_api_server_lists()
    {
        var host = _running.Host;
        var farm = _running.Farm;
        var store = host.Services.GetRequiredService<MetricsStore>();
        using var view = store.OpenView();
        foreach (var node in farm.Nodes)
        {
            Assert.That(view.TryGetNode(node.Name, out var usage), Is.True, node.Name);
            // Windows here are a few hundred milliseconds of millisecond timestamps: allow 1 ppm of rounding.
            Assert.That((double)usage.Usage.CpuNanoCores, Is.EqualTo((double)node.ExpectedNodeUsage().NanoCores).Within(1e-4).Percent, node.Name);
            Assert.That((long)usage.Usage.MemoryBytes, Is.EqualTo(node.ExpectedNodeUsage().MemoryBytes), node.Name);
            foreach (var pod in node.Pods)
            {
                Assert.That(view.TryGetPod(pod.Namespace, pod.Name, out var podUsage), Is.True, pod.Name);
                Assert.That((double)podUsage.Total.CpuNanoCores, Is.EqualTo((double)node.ExpectedPodUsage(pod.Namespace, pod.Name).NanoCores).Within(1e-4).Percent);
            }
        }

        Assert.That(host.Services.GetRequiredService<PodMetadataCache>().Count, Is.EqualTo(farm.Nodes.Sum(n => n.Pods.Count)));
        Assert.That(store.IsReady, Is.True);
    }

    // The same process serves what it stored, with the file pair's certificate (the client verifies it against the
    // cluster CA): a client certificate of the cluster CA is the user, the fake API server's SubjectAccessReview lets
    // "viewer" in and keeps "nobody" out.
    [Test]
    public async Task The_run_host_serves_with_the_file_certificate_to_authorized_client_certificates()
    {
        using var viewer = _running.Ca.IssueClientCertificate("viewer", ["system:authenticated"]);
        using var nobody = _running.Ca.IssueClientCertificate("nobody");
        using var viewerClient = _running.Client(viewer);
        using var nobodyClient = _running.Client(nobody);

        var body = await RunningOperatorHost.WaitForNodeListAsync(viewerClient, _timeout.Token);

        foreach (var node in _running.Farm.Nodes)
        {
            Assert.That(body, Does.Contain($"\"name\":\"{node.Name}\""));
        }

        using var denied = await nobodyClient.GetAsync("/apis/metrics.k8s.io/v1beta1/nodes", _timeout.Token);
        Assert.That((int)denied.StatusCode, Is.EqualTo(403));
        Assert.That(await denied.Content.ReadAsStringAsync(_timeout.Token), Does.Contain("User \\\"nobody\\\" cannot list resource \\\"nodes\\\""));
        using var live = await nobodyClient.GetAsync("/livez", _timeout.Token);
        Assert.That((int)live.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task A_rotated_certificate_file_pair_is_served_without_a_restart()
    {
        var before = await ServedThumbprintAsync();
        Assert.That(before, Is.EqualTo(X509CertificateLoader.LoadCertificateFromFile(_running.Options.TlsCertFile!).Thumbprint));

        using var rotated = _running.Ca.IssueServerCertificate("metrics-operator-rotated", [IPAddress.Loopback]);
        // Key first, then certificate: the watcher waits for quiet, so it reads the pair once it is complete.
        File.WriteAllText(_running.Options.TlsPrivateKeyFile!, TestCertificateAuthority.PrivateKeyPem(rotated));
        File.WriteAllText(_running.Options.TlsCertFile!, rotated.ExportCertificatePem());

        var served = before;
        for (var attempt = 0; attempt < 100 && served != rotated.Thumbprint; attempt++)
        {
            await Task.Delay(100, _timeout.Token);
            served = await ServedThumbprintAsync();
        }

        Assert.That(served, Is.EqualTo(rotated.Thumbprint));
    }

    private async Task<string> ServedThumbprintAsync()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _running.Port, _timeout.Token);
        await using var tls = new SslStream(tcp.GetStream());
        var options = new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" };
        _running.Ca.TrustFrom(options);
        await tls.AuthenticateAsClientAsync(options, _timeout.Token);
        return tls.RemoteCertificate!.GetCertHashString();
    }
}
