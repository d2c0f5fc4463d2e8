using System.Text.Json.Nodes;
using MetricsOperator.KubeletFarm;
using MetricsOperator.SimulatedCluster.Aggregation;
using MetricsOperator.SimulatedCluster.ControlPlane;
using MetricsOperator.Tests.SimulatedCluster.Aggregation;
using BackendOpenApi = MetricsOperator.Serving.Discovery.OpenApiDocuments;

namespace MetricsOperator.Tests.SimulatedCluster.ControlPlane;

/// <summary>The OpenAPI v3 entries and documents of aggregated group versions, read from a loopback backend serving the operator's documents.</summary>
[TestFixture]
public sealed class AggregatedOpenApiTests : LoopbackBackendFixture
{
    private InMemoryClusterState _state = null!;
    private AggregatedOpenApi _openApi = null!;

    [SetUp]
    public void SetUp()
    {
        _state = new InMemoryClusterState();
        _state.Upsert(AggregationObjects.Service());
        _state.Upsert(AggregationObjects.Pod("ready", Backend.Port));
        _openApi = new AggregatedOpenApi(_state, new BackendFetch(new BackendResolver(_state), Authorities, TimeSpan.FromSeconds(3)));
    }

    [Test]
    public async Task The_index_lists_an_available_group_version_with_the_backends_own_entry()
    {
        _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem));

        var paths = await _openApi.IndexPathsAsync(CancellationToken.None);

        var backendEntry = JsonNode.Parse(Backend.OpenApi.V3Index.Body.Span)!["paths"]![BackendOpenApi.GroupVersionKey]!;
        Assert.That(paths.Select(p => p.Key), Is.EqualTo(new[] { "apis/metrics.k8s.io/v1beta1" }));
        Assert.That(paths["apis/metrics.k8s.io/v1beta1"]!["serverRelativeURL"]!.GetValue<string>(), Is.EqualTo(backendEntry["serverRelativeURL"]!.GetValue<string>()));
        Assert.That(paths["apis/metrics.k8s.io/v1beta1"]!["serverRelativeURL"]!.GetValue<string>(), Does.StartWith("/openapi/v3/apis/metrics.k8s.io/v1beta1?hash="));
    }

    [Test]
    public async Task The_document_is_the_backends()
    {
        _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem));

        var document = await _openApi.DocumentAsync("metrics.k8s.io", "v1beta1", "?hash=" + Backend.OpenApi.V3GroupVersion.Hash, [new("Accept", "application/json")], CancellationToken.None);

        Assert.That(document, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(document!.StatusCode, Is.EqualTo(200));
            Assert.That(document.Body, Is.EqualTo(Backend.OpenApi.V3GroupVersion.Body.ToArray()));
            Assert.That(document.Headers, Does.Contain(new KeyValuePair<string, string>("Content-Type", "application/json")));
            Assert.That(document.Headers, Does.Contain(new KeyValuePair<string, string>("ETag", Backend.OpenApi.V3GroupVersion.ETag)));
        });
    }

    [Test]
    public async Task The_backends_not_modified_answer_passes_through()
    {
        _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem));

        var document = await _openApi.DocumentAsync("metrics.k8s.io", "v1beta1", "", [new("If-None-Match", Backend.OpenApi.V3GroupVersion.ETag)], CancellationToken.None);

        Assert.That(document?.StatusCode, Is.EqualTo(304));
        Assert.That(document!.Body, Is.Empty);
    }

    [Test]
    public async Task An_unavailable_apiservice_is_neither_listed_nor_served()
    {
        _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem, available: false));

        Assert.That(await _openApi.IndexPathsAsync(CancellationToken.None), Is.Empty);
        Assert.That(await _openApi.DocumentAsync("metrics.k8s.io", "v1beta1", "", [], CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_backend_that_fails_tls_verification_is_neither_listed_nor_served()
    {
        using var other = TestCertificateAuthority.Create("other-ca");
        _state.Upsert(AggregationObjects.ApiService(other.CertificatePem));

        Assert.That(await _openApi.IndexPathsAsync(CancellationToken.None), Is.Empty);
        Assert.That(await _openApi.DocumentAsync("metrics.k8s.io", "v1beta1", "", [], CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_group_version_without_an_apiservice_is_not_served()
    {
        _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem));

        Assert.That(await _openApi.DocumentAsync("wardle.example.com", "v1", "", [], CancellationToken.None), Is.Null);
    }
}
