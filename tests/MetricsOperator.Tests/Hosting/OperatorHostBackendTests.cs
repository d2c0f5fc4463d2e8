using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Hosting;
using MetricsOperator.Hosting.Following;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Kubernetes.LeaderElection;
using MetricsOperator.Scraping;
using MetricsOperator.Serving.Tls;
using MetricsOperator.Storage;

namespace MetricsOperator.Tests.Hosting;

/// <summary>
/// The composed operator process and the MetricsBackend: without one it scrapes nothing; with one the leader
/// applies the children (as far as the fake API server's naive object store can show: the server-side applies it
/// receives) and releases its lease on shutdown.
/// </summary>
[NonParallelizable]
public sealed class OperatorHostBackendTests
{
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

        // A serving Secret left by an earlier leader: every replica serves it, backend or not.
        using var serving = ca.IssueServerCertificate("metrics-operator", [IPAddress.Loopback]);
        api.Store.Seed("/api/v1/namespaces/kube-system/secrets/metrics-operator-serving-cert", KubernetesJson.Serialize(new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = "metrics-operator-serving-cert", NamespaceProperty = "kube-system", ResourceVersion = "5" },
            Type = "kubernetes.io/tls",
            Data = new Dictionary<string, byte[]>
            {
                ["tls.crt"] = Encoding.UTF8.GetBytes(serving.ExportCertificatePem()),
                ["tls.key"] = Encoding.UTF8.GetBytes(TestCertificateAuthority.PrivateKeyPem(serving)),
                ["ca.crt"] = Encoding.UTF8.GetBytes(ca.CertificatePem),
            },
        }));
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
                var certificates = host.Services.GetRequiredService<ServingCertificateSource>();
                while (certificates.Current.Certificate.Thumbprint != serving.Thumbprint)
                {
                    await Task.Delay(20, timeout.Token);
                }

                Assert.That(certificates.Current.Origin, Is.EqualTo(ServingCertificateOrigin.Secret));
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
        var backend = DefaultBackend();
        backend.Spec.Access = new AccessSpec { ExtraReaderSubjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "my-scheduler", NamespaceProperty = "kube-system" }] };
        await using var api = await FakeApiServer.StartAsync(farm, apiCertificate, ca.CertificatePem, [backend]);
        var directory = Directory.CreateTempSubdirectory("operator-host-");
        try
        {
            var kubeconfig = api.WriteKubeconfig(directory.FullName, ca, KubeletFarmOptions.DefaultBearerToken);
            var options = new ProcessOptions
            {
                Kubeconfig = kubeconfig,
                Namespace = "kube-system",
                PodName = "metrics-operator-0",
                BindAddress = IPAddress.Loopback,
                SecurePort = 0,
                ServiceName = "metrics",
                ClusterDomain = "corp.example",
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
                    Assert.That(timeout.IsCancellationRequested, Is.False, () => "applied only: " + string.Join(", ", api.Writes.Select(w => $"{w.Method} {w.Path} ({w.ContentType})")));
                    await Task.Delay(50, CancellationToken.None);
                    applied = [.. api.Writes.Where(w => w.Method == "PATCH" && w.ContentType?.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal) == true)];
                }

                Assert.That(host.Services.GetRequiredService<LeaderElectedControllerHost>().IsLeader, Is.True);
                Assert.That(api.Store.Get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/metrics-operator-leader")?["spec"]?["holderIdentity"]?.GetValue<string>(), Is.EqualTo("metrics-operator-0"));
                Assert.That(applied.Where(w => children.Contains(w.Path)).Select(w => w.Query), Has.All.Contains("fieldManager=metrics-operator"));
                var apiService = api.Store.Get(children[3])!;
                Assert.That(apiService["spec"]?["service"]?["name"]?.GetValue<string>(), Is.EqualTo("metrics"));
                Assert.That(apiService["spec"]?["caBundle"]?.GetValue<string>(), Is.Not.Empty);
                Assert.That(apiService["metadata"]?["ownerReferences"]?[0]?["name"]?.GetValue<string>(), Is.EqualTo("default"));
                Assert.That(api.Store.Get(children[5])?["subjects"]?[0]?["name"]?.GetValue<string>(), Is.EqualTo("my-scheduler"));
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
}
