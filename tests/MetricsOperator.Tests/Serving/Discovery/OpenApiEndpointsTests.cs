using System.Net;
using System.Text.Json.Nodes;

namespace MetricsOperator.Tests.Serving.Discovery;

/// <summary>The OpenAPI v2 and v3 documents: valid JSON, the metrics types' schemas, references that resolve, hashed v3 URLs.</summary>
public sealed class OpenApiEndpointsTests
{
    private static readonly string[] MetricsSchemas =
    [
        "io.k8s.metrics.pkg.apis.metrics.v1beta1.ContainerMetrics",
        "io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetrics",
        "io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetricsList",
        "io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics",
        "io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetricsList",
        "io.k8s.apimachinery.pkg.api.resource.Quantity",
        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
        "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta",
        "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
    ];

    private static readonly Dictionary<string, string> Operations = new()
    {
        ["/apis/metrics.k8s.io/v1beta1/nodes"] = "NodeMetricsList",
        ["/apis/metrics.k8s.io/v1beta1/nodes/{name}"] = "NodeMetrics",
        ["/apis/metrics.k8s.io/v1beta1/pods"] = "PodMetricsList",
        ["/apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods"] = "PodMetricsList",
        ["/apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods/{name}"] = "PodMetrics",
    };

    private DiscoveryTestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await DiscoveryTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [TestCase("application/json")]
    [TestCase("application/com.github.proto-openapi.spec.v2@v1.0+protobuf;q=0.5, application/json")]
    [TestCase(null)]
    public async Task V2_is_a_swagger_document_with_the_metrics_definitions(string? accept)
    {
        using var response = await _server.GetAsync("/openapi/v2", accept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(response.Headers.ETag, Is.Not.Null);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(document["swagger"]!.GetValue<string>(), Is.EqualTo("2.0"));
        Assert.That(document["info"]!["version"]!.GetValue<string>(), Is.EqualTo("v0.4.2"), "the release without its suffix");
        AssertSchemas(document["definitions"]!.AsObject(), "#/definitions/", document);
        foreach (var (path, kind) in Operations)
        {
            var get = document["paths"]![path]!["get"]!;
            Assert.That(get["responses"]!["200"]!["schema"]!["$ref"]!.GetValue<string>(), Is.EqualTo("#/definitions/io.k8s.metrics.pkg.apis.metrics.v1beta1." + kind), path);
            Assert.That(get["produces"]!.AsArray().Select(type => type!.GetValue<string>()), Does.Contain("application/vnd.kubernetes.protobuf"));
        }
    }

    [Test]
    public async Task V3_index_points_at_the_group_version_document_by_its_hash()
    {
        using var index = await _server.GetAsync("/openapi/v3", "application/json, */*");
        var url = JsonNode.Parse(await index.Content.ReadAsStringAsync())!["paths"]!["apis/metrics.k8s.io/v1beta1"]!["serverRelativeURL"]!.GetValue<string>();
        Assert.That(url, Does.Match("^/openapi/v3/apis/metrics\\.k8s\\.io/v1beta1\\?hash=[0-9A-F]{128}$"));

        using var response = await _server.GetAsync(url, "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("public, immutable"));
        Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"" + url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..] + "\""));
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(document["openapi"]!.GetValue<string>(), Is.EqualTo("3.0.0"));
        AssertSchemas(document["components"]!["schemas"]!.AsObject(), "#/components/schemas/", document);
        Assert.That(document.ToJsonString(), Does.Not.Contain("#/definitions/"));
        foreach (var (path, kind) in Operations)
        {
            var content = document["paths"]![path]!["get"]!["responses"]!["200"]!["content"]!.AsObject();
            Assert.That(content.Select(pair => pair.Key), Is.EquivalentTo(new[] { "application/json", "application/yaml", "application/vnd.kubernetes.protobuf" }));
            Assert.That(content["application/json"]!["schema"]!["$ref"]!.GetValue<string>(), Is.EqualTo("#/components/schemas/io.k8s.metrics.pkg.apis.metrics.v1beta1." + kind));
        }
    }

    // kube-openapi's index handler does not read the Accept header: the index has one form, JSON, for every client.
    [TestCase("application/com.github.proto-openapi.spec.v3.v1.0+protobuf")]
    [TestCase("application/vnd.kubernetes.protobuf")]
    [TestCase("text/html")]
    [TestCase("application/json;q=0")]
    [TestCase(null)]
    public async Task V3_index_is_json_whatever_the_accept_header(string? accept)
    {
        using var response = await _server.GetAsync("/openapi/v3", accept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("no-cache, private"));
        var url = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]!["apis/metrics.k8s.io/v1beta1"]!["serverRelativeURL"]!.GetValue<string>();
        Assert.That(url, Does.StartWith("/openapi/v3/apis/metrics.k8s.io/v1beta1?hash="));
    }

    [Test]
    public async Task V3_document_with_an_outdated_hash_redirects_to_the_current_one_and_without_a_hash_is_not_cached()
    {
        using var index = await _server.GetAsync("/openapi/v3");
        var url = JsonNode.Parse(await index.Content.ReadAsStringAsync())!["paths"]!["apis/metrics.k8s.io/v1beta1"]!["serverRelativeURL"]!.GetValue<string>();

        using var outdated = await _server.GetAsync("/openapi/v3/apis/metrics.k8s.io/v1beta1?hash=0ABC");
        using var unhashed = await _server.GetAsync("/openapi/v3/apis/metrics.k8s.io/v1beta1");

        Assert.That(outdated.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently));
        Assert.That(outdated.Headers.Location?.ToString(), Is.EqualTo(url));
        Assert.That(unhashed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(unhashed.Headers.CacheControl?.ToString(), Is.EqualTo("no-cache, private"));
    }

    /// <summary>Every expected schema is there, Quantity is a string, and every reference names an existing schema.</summary>
    private static void AssertSchemas(JsonObject schemas, string referencePrefix, JsonNode document)
    {
        Assert.That(schemas.Select(pair => pair.Key), Is.SupersetOf(MetricsSchemas));
        Assert.That(schemas["io.k8s.apimachinery.pkg.api.resource.Quantity"]!["type"]!.GetValue<string>(), Is.EqualTo("string"));
        Assert.That(
            schemas["io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetrics"]!["properties"]!["usage"]!["additionalProperties"]!["$ref"]!.GetValue<string>(),
            Is.EqualTo(referencePrefix + "io.k8s.apimachinery.pkg.api.resource.Quantity"));
        var references = References(document).ToList();
        Assert.That(references, Is.Not.Empty);
        foreach (var reference in references)
        {
            Assert.That(reference, Does.StartWith(referencePrefix));
            Assert.That(schemas.ContainsKey(reference[referencePrefix.Length..]), $"{reference} resolves");
        }
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject schema => schema.SelectMany(pair => pair.Key == "$ref" ? [pair.Value!.GetValue<string>()] : References(pair.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };
}
