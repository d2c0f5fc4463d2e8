using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s.Models;
using MetricsOperator.KubeletFarm;
using MetricsOperator.SimulatedCluster.Aggregation;
using MetricsOperator.SimulatedCluster.ControlPlane;
using MetricsOperator.SimulatedCluster.Kubelets;
using MetricsOperator.SimulatedCluster.Sandbox;
using MetricsOperator.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.Tests.EndToEnd.Testing;

/// <summary>
/// The end-to-end sandbox: the control-plane stand-in, simulated kubelets registered as Nodes (their Pods too),
/// <c>manifests/</c> applied with <c>kubectl apply --server-side</c>, and real <c>metrics-operator</c> processes
/// authenticated with their ServiceAccount's token, each registered as a Ready Pod. Every process it starts is
/// killed on dispose; the output of every operator it ever ran is kept for the log checks.
/// </summary>
internal sealed class Sandbox : IAsyncDisposable
{
    public const string OperatorNamespace = "metrics-operator";
    public const string ServiceAccount = "metrics-operator";
    public const string Lease = "--lease-duration 4s --lease-renew-deadline 3s --lease-retry-period 1s";
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(4);

    private readonly DirectoryInfo _directory;
    private readonly List<OperatorProcess> _operators = [];
    private readonly List<OperatorProcess> _stopped = [];
    private int _nextOperator;

    private Sandbox(ClusterStandIn standIn, KubeletFarmHost farm, DirectoryInfo directory, X509Certificate2 adminCertificate, string adminKubeconfig)
    {
        AdminCertificate = adminCertificate;
        StandIn = standIn;
        Farm = farm;
        _directory = directory;
        AdminKubeconfig = adminKubeconfig;
    }

    public ClusterStandIn StandIn { get; }

    public KubeletFarmHost Farm { get; }

    public string AdminKubeconfig { get; }

    /// <summary>The <c>system:masters</c> client certificate of the admin kubeconfig.</summary>
    public X509Certificate2 AdminCertificate { get; }

    public IReadOnlyList<OperatorProcess> Operators => _operators;

    /// <summary>Every line any operator process printed, running or stopped.</summary>
    public IEnumerable<string> AllOperatorLines => _stopped.Concat(_operators).SelectMany(o => o.Lines.Select(l => o.PodName + ": " + l));

    public static async Task<Sandbox> StartAsync(int nodes, int podsPerNode)
    {
        var directory = Directory.CreateTempSubdirectory("e2e-sandbox-");
        var standIn = await ClusterStandIn.StartAsync(
            new ClusterStandInOptions
            {
                Availability = new AvailabilityOptions { Interval = TimeSpan.FromSeconds(1), ProbeTimeout = TimeSpan.FromSeconds(3) },
                RemoteDiscoveryCache = TimeSpan.FromSeconds(1),
            },
            NullLoggerFactory.Instance);
        KubeletFarmHost? farm = null;
        try
        {
            var webhook = new KubeletWebhookAuth(standIn.Security.TokenReviews, standIn.Security.SubjectAccessReviews);
            farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
            {
                NodeCount = nodes,
                BaseAddress = IPAddress.Parse("127.47.0.0"),
                Port = 0,
                NodeNamePrefix = "node-",
                CertificateAuthority = standIn.Authorities.ClusterCa,
                TokenValidator = webhook.ValidateAsync,
                Workload = new WorkloadShape { PodsPerNode = podsPerNode, ContainersPerPod = 2, Namespaces = 2, Deployments = 4, SampleTimestampSpread = TimeSpan.FromMilliseconds(500) },
            });
            var certificate = standIn.Authorities.IssueClientCertificate("sandbox-admin", ["system:masters"]);
            var admin = Path.Combine(directory.FullName, "admin.kubeconfig");
            SandboxKubeconfig.WithCertificate(admin, standIn.Url, standIn.Authorities.ClusterCa.CertificatePem, "sandbox-admin", certificate);
            var sandbox = new Sandbox(standIn, farm, directory, certificate, admin);
            SandboxObjects.RegisterFarm(standIn.State, farm);
            await sandbox.ApplyManifestsAsync();
            return sandbox;
        }
        catch
        {
            if (farm is not null)
            {
                await farm.DisposeAsync();
            }

            await standIn.DisposeAsync();
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>An HttpClient to the stand-in as the admin (client certificate), trusting the cluster CA.</summary>
    public HttpClient AdminHttpClient()
    {
        var handler = new SocketsHttpHandler();
        StandIn.Authorities.ClusterCa.TrustFrom(handler.SslOptions);
        handler.SslOptions.ClientCertificates = [AdminCertificate];
        return new HttpClient(handler) { BaseAddress = StandIn.Url, Timeout = TimeSpan.FromSeconds(20) };
    }

    public Task<KubectlResult> KubectlAsync(string version, params string[] arguments) => SandboxKubectl.RunAsync(version, AdminKubeconfig, arguments);

    /// <summary>Fails the test unless kubectl succeeds; returns its output.</summary>
    public async Task<string> KubectlOkAsync(string version, params string[] arguments)
    {
        var result = await KubectlAsync(version, arguments);
        Assert.That(result.ExitCode, Is.Zero, $"kubectl {string.Join(' ', arguments)}: {result}");
        return result.Output;
    }

    /// <summary>A kubeconfig for a user with a client certificate (CN = user, O = groups).</summary>
    public string UserKubeconfig(string user, params string[] groups)
    {
        var path = Path.Combine(_directory.FullName, user + ".kubeconfig");
        SandboxKubeconfig.WithCertificate(path, StandIn.Url, StandIn.Authorities.ClusterCa.CertificatePem, user, StandIn.Authorities.IssueClientCertificate(user, groups));
        return path;
    }

    /// <summary>A kubeconfig with a freshly minted token of ServiceAccount <paramref name="ns"/>/<paramref name="name"/>.</summary>
    public string ServiceAccountKubeconfig(string ns, string name)
    {
        var path = Path.Combine(_directory.FullName, $"sa-{ns}-{name}-{Guid.NewGuid():N}.kubeconfig");
        SandboxKubeconfig.WithToken(path, StandIn.Url, StandIn.Authorities.ClusterCa.CertificatePem, $"{ns}-{name}", StandIn.Security.Tokens.Mint(ns, name));
        return path;
    }

    /// <summary>Writes a manifest file for <c>kubectl apply -f</c>.</summary>
    public string Manifest(string name, string yaml)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>The sample MetricsBackend as shipped, with the resolution lowered for the development mode.</summary>
    public string SampleManifest(string resolution)
    {
        var sample = File.ReadAllText(RepositoryFiles.PathOf("manifests", "samples", "metricsbackend.yaml"));
        Assert.That(sample, Does.Contain("resolution: 15s"), "the sample no longer sets resolution: 15s");
        return Manifest("sample.yaml", sample.Replace("resolution: 15s", "resolution: " + resolution, StringComparison.Ordinal));
    }

    /// <summary>
    /// Starts one more operator replica on its own loopback address and registers its Pod, Ready only once the process
    /// answers <c>/readyz</c> (as a readiness probe would), so the aggregator never routes to a replica still starting.
    /// </summary>
    /// <param name="awaitMetrics">
    /// Also wait until the replica itself serves every node and pod (asked as the aggregator asks): a replica joining a
    /// running backend is ready after its first nodes' second scrape, and the tests want complete answers from either replica.
    /// </param>
    public async Task<OperatorProcess> StartOperatorAsync(bool awaitMetrics = false)
    {
        var index = ++_nextOperator;
        var podName = $"metrics-operator-{index}";
        var kubeconfig = ServiceAccountKubeconfig(OperatorNamespace, ServiceAccount);
        var address = IPAddress.Parse($"127.48.0.{index}");
        var process = OperatorProcess.Start(kubeconfig, OperatorNamespace, podName, address, Lease);
        _operators.Add(process);
        StandIn.State.Upsert(SandboxObjects.OperatorPod(process, OperatorNamespace, ServiceAccount, Farm.Nodes[0].Name));
        using var probe = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.HoldsAsync($"operator {podName} to answer /readyz", TimeSpan.FromSeconds(60), async () =>
        {
            if (process.HasExited)
            {
                Assert.Fail($"operator {podName} exited:\n{process.Tail()}");
            }

            using var response = await probe.GetAsync(new Uri($"https://{address}:{process.Port}/readyz"));
            return response.IsSuccessStatusCode ? null : $"/readyz answered {(int)response.StatusCode}";
        });
        if (awaitMetrics)
        {
            await AwaitCompleteMetricsAsync(process);
        }

        var pod = StandIn.State.Get<V1Pod>(OperatorNamespace, podName)!;
        pod.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }];
        StandIn.State.Upsert(pod);
        return process;
    }

    /// <summary>Kills a replica without letting it release its lease, and marks its Pod gone.</summary>
    public async Task KillOperatorAsync(OperatorProcess process)
    {
        await process.KillAsync();
        _operators.Remove(process);
        _stopped.Add(process);
        var pod = StandIn.State.Get<V1Pod>(OperatorNamespace, process.PodName);
        if (pod is not null)
        {
            pod.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = "False" }];
            pod.Status.Phase = "Failed";
            StandIn.State.Upsert(pod);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _operators.ToArray())
        {
            await process.DisposeAsync();
        }

        await Farm.DisposeAsync();
        await StandIn.DisposeAsync();
        AdminCertificate.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private async Task AwaitCompleteMetricsAsync(OperatorProcess process)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [StandIn.Authorities.FrontProxyClientCertificate];
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://{process.Address}:{process.Port}"), Timeout = TimeSpan.FromSeconds(5) };
        client.DefaultRequestHeaders.Add("X-Remote-User", "sandbox-admin");
        client.DefaultRequestHeaders.Add("X-Remote-Group", "system:masters");
        var pods = Farm.Nodes.Sum(n => n.Pods.Count);
        await Eventually.HoldsAsync($"operator {process.PodName} to serve every node and pod", TimeSpan.FromSeconds(30), async () =>
        {
            var nodeItems = JsonNode.Parse(await client.GetStringAsync("/apis/metrics.k8s.io/v1beta1/nodes"))?["items"]?.AsArray().Count;
            var podItems = JsonNode.Parse(await client.GetStringAsync("/apis/metrics.k8s.io/v1beta1/pods"))?["items"]?.AsArray().Count;
            return nodeItems == Farm.Nodes.Count && podItems == pods ? null : $"{nodeItems} nodes, {podItems} pods";
        });
    }

    /// <summary>What the manifests install that a cluster without Deployments can hold: the CRD, the Namespace and the RBAC.</summary>
    private async Task ApplyManifestsAsync()
    {
        var rendered = await KubectlOkAsync("1.33", "kustomize", RepositoryFiles.PathOf("manifests"));
        var documents = rendered.Split("\n---\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(d => !d.Contains("\nkind: Deployment\n", StringComparison.Ordinal) && !d.Contains("\nkind: PodDisruptionBudget\n", StringComparison.Ordinal));
        var path = Manifest("install.yaml", string.Join("\n---\n", documents));
        await KubectlOkAsync("1.33", "apply", "--server-side", "-f", path);
    }
}
