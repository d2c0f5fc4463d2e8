using System.Net;
using MetricsOperator.Hosting;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Scraping;
using MetricsOperator.Storage;

namespace MetricsOperator.Tests.Hosting;

/// <summary>
/// The composed operator process, end to end: informers list nodes and pods from an API server, the scrape loop
/// reads every simulated kubelet over verified TLS with the kubeconfig's credentials, and the store serves rates.
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
        await using var api = await FakeApiServer.StartAsync(farm, apiCertificate);
        var directory = Directory.CreateTempSubdirectory("operator-host-");
        try
        {
            var kubeconfig = api.WriteKubeconfig(directory.FullName, ca, KubeletFarmOptions.DefaultBearerToken);
            var options = new ProcessOptions { Kubeconfig = kubeconfig, Namespace = "kube-system", PodName = "metrics-operator-0" };
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
}
