using System.Net;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Hosting;
using MetricsOperator.Hosting.Following;
using MetricsOperator.Kubernetes.LeaderElection;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Scraping;
using MetricsOperator.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MetricsOperator.Tests.Hosting;

/// <summary>
/// The composed operator process, end to end: informers list nodes and pods from an API server, the scrape loop
/// reads every simulated kubelet over verified TLS with the kubeconfig's credentials (once a MetricsBackend is
/// active), and the store serves rates.
/// </summary>
[NonParallelizable]
public sealed class OperatorHostTests
{
    [Test]
    public async Task The_run_host_scrapes_every_kubelet_the_api_server_lists()
    {
        using var ca = TestCertificateAuthority.Create("cluster-ca");
        await using var farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 2,
            BaseAddress = IPAddress.Parse("127.13.0.0"),
            Port = 0,
            CertificateAuthority = ca,
            Workload = new WorkloadShape { PodsPerNode = 3, ContainersPerPod = 2 },
        });
        using var apiCertificate = ca.IssueServerCertificate("kube-apiserver", [IPAddress.Loopback]);
        MetricsBackend[] backends = [DefaultBackend()];
        await using var api = await FakeApiServer.StartAsync(farm, apiCertificate, ca.CertificatePem, backends);
        var directory = Directory.CreateTempSubdirectory("operator-host-");
        try
        {
            var kubeconfig = api.WriteKubeconfig(directory.FullName, ca, KubeletFarmOptions.DefaultBearerToken);
            var options = new ProcessOptions { Kubeconfig = kubeconfig, Namespace = "kube-system", PodName = "metrics-operator-0", BindAddress = IPAddress.Loopback, SecurePort = 0 };
            var config = KubernetesConfigurationLoader.Load(kubeconfig, out var inCluster);
            using var host = OperatorHostBuilder.Build(options, config, inCluster);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StartAsync(timeout.Token);
            try
            {
                var states = host.Services.GetRequiredService<NodeScrapeStates>();
                while (states.Summarize().Scraped < farm.Nodes.Count)
                {
                    Assert.That(states.Summarize().Failing, Is.Zero, () => "a node failed: " + states.Summarize().ExampleReason);
                    await Task.Delay(50, timeout.Token);
                }

                // Rates need a second point; the next round is 15 s away, so run it now.
                await Task.Delay(100, timeout.Token);
                await host.Services.GetRequiredService<ScrapeLoop>().RunRoundAsync(timeout.Token);

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
                await AssertServedOverHttpsAsync(host, ca, farm, timeout.Token);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Without_a_MetricsBackend_the_run_host_scrapes_and_serves_nothing()
    {
        using var ca = TestCertificateAuthority.Create("cluster-ca");
        await using var farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 1,
            BaseAddress = IPAddress.Parse("127.13.1.0"),
            Port = 0,
            CertificateAuthority = ca,
            Workload = new WorkloadShape { PodsPerNode = 1, ContainersPerPod = 1 },
        });
        using var apiCertificate = ca.IssueServerCertificate("kube-apiserver", [IPAddress.Loopback]);
        await using var api = await FakeApiServer.StartAsync(farm, apiCertificate, ca.CertificatePem, backends: []);
        var directory = Directory.CreateTempSubdirectory("operator-host-");
        try
        {
            var kubeconfig = api.WriteKubeconfig(directory.FullName, ca, KubeletFarmOptions.DefaultBearerToken);
            var options = new ProcessOptions { Kubeconfig = kubeconfig, Namespace = "kube-system", PodName = "metrics-operator-0", BindAddress = IPAddress.Loopback, SecurePort = 0 };
            var config = KubernetesConfigurationLoader.Load(kubeconfig, out var inCluster);
            using var host = OperatorHostBuilder.Build(options, config, inCluster);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StartAsync(timeout.Token);
            try
            {
                await host.Services.GetRequiredService<InformerService<MetricsBackend>>().Informer.WaitForSyncAsync(timeout.Token);
                await host.Services.GetRequiredService<InformerService<V1Node>>().Informer.WaitForSyncAsync(timeout.Token);
                var round = await host.Services.GetRequiredService<ScrapeLoop>().RunRoundAsync(timeout.Token);

                Assert.That(host.Services.GetRequiredService<ScrapeSettingsSource>().IsEnabled, Is.False);
                Assert.That(host.Services.GetRequiredService<ReplicaBackend>().Following, Is.Null);
                Assert.That((round.Scraped, round.Failed), Is.EqualTo((0, 0)));
                Assert.That(farm.Nodes.Sum(n => n.RequestCount), Is.Zero, "no kubelet was asked");
                using var view = host.Services.GetRequiredService<MetricsStore>().OpenView();
                Assert.That(view.TryGetNode(farm.Nodes[0].Name, out _), Is.False);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task The_leader_applies_the_children_of_the_active_MetricsBackend()
    {
        using var ca = TestCertificateAuthority.Create("cluster-ca");
        await using var farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 1,
            BaseAddress = IPAddress.Parse("127.13.2.0"),
            Port = 0,
            CertificateAuthority = ca,
            Workload = new WorkloadShape { PodsPerNode = 1, ContainersPerPod = 1 },
        });
        using var apiCertificate = ca.IssueServerCertificate("kube-apiserver", [IPAddress.Loopback]);
        await using var api = await FakeApiServer.StartAsync(farm, apiCertificate, ca.CertificatePem, [DefaultBackend()]);
        var directory = Directory.CreateTempSubdirectory("operator-host-");
        try
        {
            var kubeconfig = api.WriteKubeconfig(directory.FullName, ca, KubeletFarmOptions.DefaultBearerToken);
            var options = new ProcessOptions
            {
                Kubeconfig = kubeconfig, Namespace = "kube-system", PodName = "metrics-operator-0", BindAddress = IPAddress.Loopback, SecurePort = 0,
                ServiceName = "metrics", ClusterDomain = "corp.example",
            };
            var config = KubernetesConfigurationLoader.Load(kubeconfig, out var inCluster);
            using var host = OperatorHostBuilder.Build(options, config, inCluster);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StartAsync(timeout.Token);
            string[] children =
            [
                "/api/v1/namespaces/kube-system/secrets/metrics-operator-ca",
                "/api/v1/namespaces/kube-system/secrets/metrics-operator-serving-cert",
                "/api/v1/namespaces/kube-system/services/metrics",
                "/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io",
                "/apis/rbac.authorization.k8s.io/v1/clusterroles/metrics-operator:metrics-reader",
                "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/metrics-operator:metrics-reader",
            ];
            try
            {
                var applied = Array.Empty<CapturedWrite>();
                while (!children.All(path => applied.Any(w => w.Path == path)))
                {
                    await Task.Delay(50, timeout.Token);
                    applied = [.. api.Writes.Where(w => w.Method == "PATCH" && w.ContentType == "application/apply-patch+yaml")];
                }

                Assert.That(host.Services.GetRequiredService<LeaderElectedControllerHost>().IsLeader, Is.True);
                Assert.That(api.Store.Get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/metrics-operator-leader")?["spec"]?["holderIdentity"]?.GetValue<string>(), Is.EqualTo("metrics-operator-0"));
                Assert.That(applied.Where(w => children.Contains(w.Path)).Select(w => w.Query), Has.All.Contains("fieldManager=metrics-operator"));
                var apiService = api.Store.Get(children[3])!;
                Assert.That(apiService["spec"]?["service"]?["name"]?.GetValue<string>(), Is.EqualTo("metrics"));
                Assert.That(apiService["spec"]?["caBundle"]?.GetValue<string>(), Is.Not.Empty);
                Assert.That(apiService["metadata"]?["ownerReferences"]?[0]?["name"]?.GetValue<string>(), Is.EqualTo("default"));
                var serving = api.Store.Get(children[1])!;
                using var certificate = X509Certificate2.CreateFromPem(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(serving["data"]!["tls.crt"]!.GetValue<string>())));
                Assert.That(certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false), Is.Not.Empty);
                Assert.That(string.Join(",", certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames()), Does.Contain("metrics.kube-system.svc.corp.example"));
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }

            // On shutdown the lease is released, so another replica takes over at once.
            var lease = api.Store.Get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/metrics-operator-leader");
            Assert.That(lease?["spec"]?["holderIdentity"]?.GetValue<string>() ?? string.Empty, Is.Not.EqualTo("metrics-operator-0"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static MetricsBackend DefaultBackend() => new()
    {
        Metadata = new V1ObjectMeta { Name = "default", Uid = "6f1b1c9e-0d1e-4d59-9d6c-4f1b1c9e0d1e", CreationTimestamp = DateTime.UtcNow, ResourceVersion = "1", Generation = 1 },
    };

    // The same process serves what it stored: a client certificate of the cluster CA is the user, the fake API
    // server's SubjectAccessReview lets "viewer" in and keeps "nobody" out.
    private static async Task AssertServedOverHttpsAsync(IHost host, TestCertificateAuthority ca, KubeletFarmHost farm, CancellationToken cancellationToken)
    {
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var port = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
        using var viewer = ca.IssueClientCertificate("viewer", ["system:authenticated"]);
        using var nobody = ca.IssueClientCertificate("nobody");
        using var viewerClient = Client(viewer, port);
        using var nobodyClient = Client(nobody, port);

        string? body = null;
        for (var attempt = 0; attempt < 100 && body is null; attempt++)
        {
            // The client CA arrives through the ConfigMap informer; until then the certificate is not trusted.
            using var response = await viewerClient.GetAsync("/apis/metrics.k8s.io/v1beta1/nodes", cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            else
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        Assert.That(body, Is.Not.Null, "viewer never got the node list");
        foreach (var node in farm.Nodes)
        {
            Assert.That(body, Does.Contain($"\"name\":\"{node.Name}\""));
        }

        using var denied = await nobodyClient.GetAsync("/apis/metrics.k8s.io/v1beta1/nodes", cancellationToken);
        Assert.That((int)denied.StatusCode, Is.EqualTo(403));
        Assert.That(await denied.Content.ReadAsStringAsync(cancellationToken), Does.Contain("User \\\"nobody\\\" cannot list resource \\\"nodes\\\""));
        using var live = await nobodyClient.GetAsync("/livez", cancellationToken);
        Assert.That((int)live.StatusCode, Is.EqualTo(200));
    }

    private static HttpClient Client(X509Certificate2 certificate, int port)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [certificate];
        // The serving certificate is the operator's own self-signed one until the operator issue issues a real one.
        handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        return new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
    }
}
