using System.Net;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Hosting;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Scraping;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MetricsOperator.Tests.Hosting;

/// <summary>
/// The composed <c>run</c> process against a fake API server and a kubelet farm, one CA for all of them: the
/// operator serves with a <c>--tls-cert-file</c>/<c>--tls-private-key-file</c> pair issued by that CA, trusts its
/// client certificates through the authentication ConfigMap, and has scraped every kubelet twice (so rates exist).
/// </summary>
internal sealed class RunningOperatorHost : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;
    private X509Certificate2? _apiCertificate;

    private RunningOperatorHost(TestCertificateAuthority ca, KubeletFarmHost farm, FakeApiServer api, WebApplication host, DirectoryInfo directory, ProcessOptions options)
    {
        Ca = ca;
        Farm = farm;
        Api = api;
        Host = host;
        _directory = directory;
        Options = options;
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
        CaFile = ca.WriteCaBundle(directory.FullName);
    }

    public TestCertificateAuthority Ca { get; }

    public KubeletFarmHost Farm { get; }

    public FakeApiServer Api { get; }

    public WebApplication Host { get; }

    public ProcessOptions Options { get; }

    public int Port { get; }

    public string Server => $"https://127.0.0.1:{Port}";

    public string CaFile { get; }

    public string Directory => _directory.FullName;

    public static async Task<RunningOperatorHost> StartAsync(CancellationToken cancellationToken)
    {
        var ca = TestCertificateAuthority.Create("cluster-ca");
        var farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 2,
            BaseAddress = IPAddress.Parse("127.13.0.0"),
            Port = 0,
            CertificateAuthority = ca,
            Workload = new WorkloadShape { PodsPerNode = 3, ContainersPerPod = 2 },
        });
        // Kestrel serves this certificate for the API server's lifetime, so it is disposed with the CA, not here.
        var apiCertificate = ca.IssueServerCertificate("kube-apiserver", [IPAddress.Loopback]);
        // Scraping and serving follow the active MetricsBackend; one with the defaults.
        MetricsBackend[] backends = [new() { Metadata = new V1ObjectMeta { Name = "default", Uid = "0b5e3c55-9f5e-4a35-8a0e-2f4c6c1d7a10", CreationTimestamp = DateTime.UtcNow, ResourceVersion = "1", Generation = 1 } }];
        var api = await FakeApiServer.StartAsync(farm, apiCertificate, ca.CertificatePem, backends);
        var directory = System.IO.Directory.CreateTempSubdirectory("operator-host-");
        var kubeconfig = api.WriteKubeconfig(directory.FullName, ca, KubeletFarmOptions.DefaultBearerToken);
        using var serving = ca.IssueServerCertificate("metrics-operator", [IPAddress.Loopback], ["localhost"]);
        var (certificateFile, keyFile) = TestCertificateAuthority.WriteFiles(serving, directory.FullName, "tls");
        var options = new ProcessOptions
        {
            Kubeconfig = kubeconfig,
            Namespace = "kube-system",
            PodName = "metrics-operator-0",
            BindAddress = IPAddress.Loopback,
            SecurePort = 0,
            TlsCertFile = certificateFile,
            TlsPrivateKeyFile = keyFile,
        };
        Assert.That(options.Validate(), Is.Empty);
        var config = KubernetesConfigurationLoader.Load(kubeconfig, out var inCluster);
        var host = OperatorHostBuilder.Build(options, config, inCluster);
        await host.StartAsync(cancellationToken);
        var running = new RunningOperatorHost(ca, farm, api, host, directory, options) { _apiCertificate = apiCertificate };
        await running.ScrapeTwiceAsync(cancellationToken);
        return running;
    }

    /// <summary>A client that presents <paramref name="certificate"/> and trusts only the cluster CA.</summary>
    public HttpClient Client(X509Certificate2 certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [certificate];
        Ca.TrustFrom(handler.SslOptions);
        return new HttpClient(handler) { BaseAddress = new Uri(Server) };
    }

    /// <summary>Waits until <paramref name="client"/> is let in: the client CA arrives through the ConfigMap informer.</summary>
    public static async Task<string> WaitForNodeListAsync(HttpClient client, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var response = await client.GetAsync("/apis/metrics.k8s.io/v1beta1/nodes", cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadAsStringAsync(cancellationToken);
            }

            await Task.Delay(50, cancellationToken);
        }

        Assert.Fail("the node list was never served to the client certificate");
        return string.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        await Host.DisposeAsync();
        await Api.DisposeAsync();
        await Farm.DisposeAsync();
        _apiCertificate?.Dispose();
        Ca.Dispose();
        _directory.Delete(recursive: true);
    }

    private async Task ScrapeTwiceAsync(CancellationToken cancellationToken)
    {
        var states = Host.Services.GetRequiredService<NodeScrapeStates>();
        while (states.Summarize().Scraped < Farm.Nodes.Count)
        {
            Assert.That(states.Summarize().Failing, Is.Zero, () => "a node failed: " + states.Summarize().ExampleReason);
            await Task.Delay(50, cancellationToken);
        }

        // Rates need a second point; the next round is 15 s away, so run it now.
        await Task.Delay(100, cancellationToken);
        await Host.Services.GetRequiredService<ScrapeLoop>().RunRoundAsync(cancellationToken);
    }
}
