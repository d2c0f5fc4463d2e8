using k8s.Models;
using MetricsOperator.KubeletFarm;
using MetricsOperator.SimulatedCluster.Aggregation;
using MetricsOperator.SimulatedCluster.ControlPlane;
using MetricsOperator.Tests.Fixtures;
using MetricsOperator.Tests.SimulatedCluster.Aggregation;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.Tests.SimulatedCluster.ControlPlane;

/// <summary>
/// kubectl through the assembled stand-in to an APIService-registered backend: availability, discovery (legacy and
/// aggregated), OpenAPI v3 (index and explain) and the proxied request carrying the caller, with authorization in front.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
internal sealed class AggregatedApiTests
{
    private ClusterStandIn _standIn = null!;
    private LoopbackBackend _backend = null!;
    private DirectoryInfo _directory = null!;
    private string _ca = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _standIn = await ClusterStandIn.StartAsync(
            new ClusterStandInOptions { Availability = new AvailabilityOptions { Interval = TimeSpan.FromMilliseconds(200) } },
            NullLoggerFactory.Instance);
        _backend = await LoopbackBackend.StartAsync();
        _directory = Directory.CreateTempSubdirectory("stand-in-aggregation-");
        _ca = Path.Combine(_directory.FullName, "cluster-ca.crt");
        await File.WriteAllTextAsync(_ca, _standIn.Authorities.ClusterCa.CertificatePem);
        foreach (var (user, groups) in new[] { ("admin", new[] { "system:masters" }), ("nobody", []) })
        {
            using var certificate = _standIn.Authorities.IssueClientCertificate(user, groups);
            TestCertificateAuthority.WriteFiles(certificate, _directory.FullName, user);
        }

        var state = _standIn.State;
        state.Upsert(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = AggregationObjects.Namespace } });
        state.Upsert(AggregationObjects.Service());
        state.Upsert(AggregationObjects.Pod("backend-0", _backend.Port));
        state.Upsert(AggregationObjects.ApiService(_backend.Ca.CertificatePem, available: false));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!AggregationProxy.IsAvailable(state.Get<V1APIService>(null, "v1beta1.metrics.k8s.io")!) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _backend.DisposeAsync();
        await _standIn.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Test]
    public void TheAvailabilityLoopMarksTheApiServiceAvailable() =>
        Assert.That(AggregationProxy.IsAvailable(_standIn.State.Get<V1APIService>(null, "v1beta1.metrics.k8s.io")!), Is.True);

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task AggregatedDiscoveryListsTheGroup(string version)
    {
        var (exit, output, error) = await KubectlAsync(version, "admin", "api-versions");

        Assert.That(exit, Is.Zero, error);
        Assert.That(output.Split('\n'), Does.Contain("metrics.k8s.io/v1beta1"));
        Assert.That(output.Split('\n'), Does.Contain("apiregistration.k8s.io/v1"));
    }

    [Test]
    public async Task ARequestIsProxiedWithTheCallerInFrontProxyHeaders()
    {
        var (exit, output, error) = await KubectlAsync("1.33", "admin", "get", "--raw", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb");

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.Contain("\"Path\":\"/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb\""));
        Assert.That(output, Does.Contain("\"Users\":[\"admin\"]"));
        Assert.That(output, Does.Contain("\"ClientCertificate\":\"front-proxy-client\""));
    }

    [Test]
    public async Task AuthorizationComesBeforeTheProxy()
    {
        var (exit, _, error) = await KubectlAsync("1.33", "nobody", "get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(error, Does.Contain("nodes.metrics.k8s.io is forbidden: User \"nobody\" cannot list resource \"nodes\" in API group \"metrics.k8s.io\" at the cluster scope"));
    }

    [Test]
    public async Task TheOpenApiIndexListsTheAggregatedGroupVersion()
    {
        var (exit, output, error) = await KubectlAsync("1.33", "admin", "get", "--raw", "/openapi/v3");

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.Contain("\"apis/metrics.k8s.io/v1beta1\":{\"serverRelativeURL\":\"/openapi/v3/apis/metrics.k8s.io/v1beta1?hash=" + _backend.OpenApi.V3GroupVersion.Hash + "\"}"));
    }

    [TestCase("1.27", "podmetrics", "KIND:       PodMetrics", "containers")]
    [TestCase("1.33", "podmetrics", "KIND:       PodMetrics", "containers")]
    [TestCase("1.33", "nodemetrics.usage", "FIELD: usage", "Usage by resource")]
    public async Task ExplainReadsTheBackendsSchema(string version, string resource, string header, string detail)
    {
        var (exit, output, error) = await KubectlAsync(version, "admin", "explain", resource);

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.Contain("GROUP:      metrics.k8s.io"));
        Assert.That(output, Does.Contain(header));
        Assert.That(output, Does.Contain(detail));
    }

    private Task<(int ExitCode, string Output, string Error)> KubectlAsync(string version, string user, params string[] arguments) =>
        KubectlRunner.RunAsync(version, _standIn.Url.ToString().TrimEnd('/'), [
            "--certificate-authority", _ca,
            "--client-certificate", Path.Combine(_directory.FullName, user + ".crt"),
            "--client-key", Path.Combine(_directory.FullName, user + ".key"),
            .. arguments]);
}
