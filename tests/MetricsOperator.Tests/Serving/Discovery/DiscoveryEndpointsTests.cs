using System.Net;
using System.Text.Json.Nodes;
using MetricsOperator.Tests.Fixtures;

namespace MetricsOperator.Tests.Serving.Discovery;

/// <summary>Discovery bodies against the reference's fixtures, and <c>/apis</c> negotiation as kubectl 1.27 and 1.33 do it.</summary>
public sealed class DiscoveryEndpointsTests
{
    /// <summary>What kubectl 1.30 and later send for discovery.</summary>
    private const string Kubectl133Accept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    /// <summary>What kubectl 1.27 sends: v2beta1 is the only aggregated form it knows.</summary>
    private const string Kubectl127Accept = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private DiscoveryTestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await DiscoveryTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [TestCase("/apis/metrics.k8s.io/v1beta1", "discovery-apis-metrics.k8s.io-v1beta1.json")]
    [TestCase("/apis/metrics.k8s.io/v1beta1/", "discovery-apis-metrics.k8s.io-v1beta1.json")]
    [TestCase("/apis/metrics.k8s.io", "discovery-apis-metrics.k8s.io.json")]
    public async Task Group_and_resource_list_match_the_reference(string path, string fixture)
    {
        using var response = await _server.GetAsync(path, "application/json, */*");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("application/json"));
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(SharedFixtures.Api(fixture)));
        var actual = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(JsonNode.DeepEquals(actual, expected), $"{actual}");
        Assert.That(actual!.ToJsonString(), Is.EqualTo(expected!.ToJsonString()), "and in the reference's field order");
    }

    [TestCase(null)]
    [TestCase("application/json, */*")]
    [TestCase("*/*")]
    [TestCase("application/vnd.kubernetes.protobuf;q=0.9, application/json")]
    public async Task Apis_without_an_aggregated_accept_is_the_legacy_group_list(string? accept)
    {
        using var response = await _server.GetAsync("/apis", accept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("application/json"));
        Assert.That(response.Headers.Vary, Does.Contain("Accept"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var group = JsonNode.Parse(await File.ReadAllTextAsync(SharedFixtures.Api("discovery-apis-metrics.k8s.io.json")))!.AsObject();
        group.Remove("kind");
        group.Remove("apiVersion");
        Assert.That(
            JsonNode.DeepEquals(body, new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = new JsonArray(group) }),
            body.ToJsonString());
    }

    [TestCase(Kubectl133Accept, "v2")]
    [TestCase(Kubectl127Accept, "v2beta1")]
    [TestCase("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList;q=0.5,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", "v2")]
    [TestCase("application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", "v2")]
    public async Task Apis_answers_aggregated_discovery_in_the_first_version_asked_for(string accept, string version)
    {
        using var response = await _server.GetAsync("/apis", accept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var raw = await _server.SendRawAsync("/apis", accept);
        Assert.That(raw.Response.ContentType, Is.EqualTo($"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList"));
        var expected = JsonNode.Parse($$"""
            {
              "kind": "APIGroupDiscoveryList",
              "apiVersion": "apidiscovery.k8s.io/{{version}}",
              "metadata": {},
              "items": [{
                "metadata": { "name": "metrics.k8s.io" },
                "versions": [{
                  "version": "v1beta1",
                  "resources": [
                    { "resource": "nodes", "responseKind": { "group": "", "version": "", "kind": "NodeMetrics" }, "scope": "Cluster", "singularResource": "", "verbs": ["get", "list"] },
                    { "resource": "pods", "responseKind": { "group": "", "version": "", "kind": "PodMetrics" }, "scope": "Namespaced", "singularResource": "", "verbs": ["get", "list"] }
                  ],
                  "freshness": "Current"
                }]
              }]
            }
            """);
        var actual = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(JsonNode.DeepEquals(actual, expected), actual!.ToJsonString());
    }

    /// <summary>The aggregator sends each form as its own Accept header line, v2 first.</summary>
    [Test]
    public async Task Accept_spread_over_several_header_lines_is_read_in_order()
    {
        var context = await _server.SendRawAsync(
            "/apis",
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");

        Assert.That(context.Response.StatusCode, Is.EqualTo(200));
        Assert.That(context.Response.ContentType, Is.EqualTo("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"));
    }

    [TestCase("/apis", "application/vnd.kubernetes.protobuf")]
    [TestCase("/apis", "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList")]
    [TestCase("/apis", "application/json;as=Table;g=meta.k8s.io;v=v1")]
    [TestCase("/apis", "application/json;q=0")]
    [TestCase("/apis/metrics.k8s.io/v1beta1", "application/vnd.kubernetes.protobuf")]
    [TestCase("/version", "text/html")]
    [TestCase("/openapi/v2", "application/yaml")]
    public async Task Nothing_acceptable_is_406_with_a_status(string path, string accept)
    {
        using var response = await _server.GetAsync(path, accept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotAcceptable));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(status["kind"]!.GetValue<string>(), Is.EqualTo("Status"));
        Assert.That(status["reason"]!.GetValue<string>(), Is.EqualTo("NotAcceptable"));
        Assert.That(status["code"]!.GetValue<int>(), Is.EqualTo(406));
        Assert.That(status["message"]!.GetValue<string>(), Does.StartWith("only the following media types are accepted: application/json"));
    }

    [Test]
    public async Task A_client_holding_the_current_etag_gets_304()
    {
        using var first = await _server.GetAsync("/apis", Kubectl133Accept);
        var etag = first.Headers.ETag!.Tag;

        using var again = await _server.GetAsync("/apis", Kubectl133Accept, ifNoneMatch: etag);
        using var otherForm = await _server.GetAsync("/apis", Kubectl127Accept, ifNoneMatch: etag);

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(otherForm.StatusCode, Is.EqualTo(HttpStatusCode.OK), "v2beta1 is another body with another tag");
    }

    [Test]
    public async Task Version_describes_this_server()
    {
        using var response = await _server.GetAsync("/version", "application/json, */*");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var version = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.That(
            version.Select(pair => pair.Key),
            Is.EqualTo(new[] { "major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler", "platform" }));
        Assert.That(version["major"]!.GetValue<string>(), Is.EqualTo("0"));
        Assert.That(version["minor"]!.GetValue<string>(), Is.EqualTo("4"));
        Assert.That(version["gitVersion"]!.GetValue<string>(), Is.EqualTo("v0.4.2-rc.1"));
        Assert.That(version["gitCommit"]!.GetValue<string>(), Is.EqualTo("0123abcd"));
        Assert.That(version["goVersion"]!.GetValue<string>(), Does.StartWith(".NET"));
        Assert.That(version["platform"]!.GetValue<string>(), Does.Match("^[a-z]+/[a-z0-9]+$"));
    }

    [Test]
    public async Task Mutating_methods_are_not_served()
    {
        using var response = await _server.Client.PostAsync("/apis", new StringContent("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }
}
