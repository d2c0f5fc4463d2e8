using System.Text.Json;
using MetricsOperator.SimulatedCluster.Aggregation;
using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.Tests.SimulatedCluster.Aggregation;

[TestFixture]
public sealed class BackendFetchTests : LoopbackBackendFixture
{
    private InMemoryClusterState _state = null!;
    private BackendFetch _fetch = null!;

    [SetUp]
    public void SetUp()
    {
        _state = new InMemoryClusterState();
        _state.Upsert(AggregationObjects.Service());
        _fetch = new BackendFetch(new BackendResolver(_state), Authorities, TimeSpan.FromSeconds(3));
    }

    [Test]
    public async Task The_aggregator_asks_with_its_own_identity_over_the_front_proxy_certificate()
    {
        _state.Upsert(AggregationObjects.Pod("ready", Backend.Port));
        var apiService = _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem));

        var response = await _fetch.GetAsync(apiService, "/apis/metrics.k8s.io/v1beta1/probe?x=1", [new("Accept", "application/json")], CancellationToken.None);

        Assert.That(response?.StatusCode, Is.EqualTo(200));
        var echo = JsonSerializer.Deserialize<LoopbackBackend.Echo>(response!.Body)!;
        Assert.Multiple(() =>
        {
            Assert.That(echo.Path, Is.EqualTo("/apis/metrics.k8s.io/v1beta1/probe?x=1"));
            Assert.That(echo.Users, Is.EqualTo(new[] { "system:kube-aggregator" }));
            Assert.That(echo.Groups, Is.EqualTo(new[] { SystemGroups.Authenticated }));
            Assert.That(echo.Accept, Is.EqualTo("application/json"));
            Assert.That(echo.ClientCertificate, Is.EqualTo(ClusterAuthorities.FrontProxyClientName));
        });
    }

    [Test]
    public async Task A_service_without_ready_pods_gives_no_response()
    {
        _state.Upsert(AggregationObjects.Pod("not-ready", Backend.Port, ready: false));
        var apiService = _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem));

        Assert.That(await _fetch.GetAsync(apiService, "/openapi/v3", [], CancellationToken.None), Is.Null);
    }
}
