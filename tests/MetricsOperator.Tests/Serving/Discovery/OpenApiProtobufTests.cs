using System.Net;
using System.Text.Json.Nodes;

namespace MetricsOperator.Tests.Serving.Discovery;

/// <summary>
/// The OpenAPI documents in gnostic protobuf, as kube-openapi serves them: decoded by protoc and compared field by
/// field with the JSON documents, negotiated from the Accept header (kubectl's <c>@</c> spelling included), with
/// their own ETags and 304s.
/// </summary>
public sealed class OpenApiProtobufTests
{
    /// <summary>What client-go's <c>OpenAPISchema()</c> (kubectl explain, apply, the aggregator's v2 fetch) sends.</summary>
    private const string V2Protobuf = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    private const string V2ProtobufDotted = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private const string V3Protobuf = "application/com.github.proto-openapi.spec.v3@v1.0+protobuf";
    private const string V3ProtobufDotted = "application/com.github.proto-openapi.spec.v3.v1.0+protobuf";
    private const string Json = "application/json";

    private DiscoveryTestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await DiscoveryTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [TestCase(V2Protobuf)]
    [TestCase(V2ProtobufDotted)]
    [TestCase("application/json;q=0.5, " + V2Protobuf)]
    public async Task V2_protobuf_is_the_json_document_field_by_field(string accept)
    {
        var json = JsonNode.Parse(await GetStringAsync("/openapi/v2", Json))!;

        using var response = await _server.GetAsync("/openapi/v2", accept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(V2ProtobufDotted), "kube-openapi answers either spelling with this one");
        Assert.That(response.Headers.Vary, Does.Contain("Accept"));
        var decoded = await GnosticProto.DecodeV2Async(await response.Content.ReadAsByteArrayAsync());
        Assert.That(JsonComparison.FirstDifference(json, decoded), Is.Null);
        AssertSameEntryOrder(json, decoded!, "definitions");
        AssertSameEntryOrder(json, decoded!, "paths");
    }

    [Test]
    public async Task V2_protobuf_reads_as_a_gnostic_document_with_protoc()
    {
        var body = await GetBytesAsync("/openapi/v2", V2Protobuf);

        var text = await GnosticProto.DecodeTextAsync(body, GnosticProto.V2File, GnosticProto.V2Document);
        var raw = await GnosticProto.DecodeRawAsync(body);

        Assert.That(text, Does.StartWith("swagger: \"2.0\"\ninfo {\n  title: \"metrics-operator\"\n  version: \"v0.4.2\"\n}\npaths {\n  path {\n    name: \"/apis/metrics.k8s.io/v1beta1/nodes\"\n"));
        Assert.That(text, Does.Not.Match(@"(?m)^\s*[0-9]+: "), "protoc finds no field the message does not define");
        Assert.That(text, Does.Contain("name: \"x-kubernetes-group-version-kind\"\n          value {\n            yaml: \"group: metrics.k8s.io\\nkind: NodeMetrics\\nversion: v1beta1\\n\""));
        Assert.That(text, Does.Contain("path_parameter_sub_schema {\n"));
        Assert.That(text, Does.Contain("query_parameter_sub_schema {\n"));
        Assert.That(text, Does.Contain("api_key_security {\n"));
        Assert.That(raw, Does.StartWith("1: \"2.0\"\n2 {\n"), "the root is Document: swagger is field 1, info field 2");
    }

    [TestCase(V3Protobuf)]
    [TestCase(V3ProtobufDotted)]
    public async Task V3_protobuf_is_the_json_document_field_by_field_at_the_same_hashed_url(string accept)
    {
        var url = JsonNode.Parse(await GetStringAsync("/openapi/v3", Json))!["paths"]!["apis/metrics.k8s.io/v1beta1"]!["serverRelativeURL"]!.GetValue<string>();
        using var jsonResponse = await _server.GetAsync(url, Json);
        var json = JsonNode.Parse(await jsonResponse.Content.ReadAsStringAsync())!;

        using var response = await _server.GetAsync(url, accept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(V3ProtobufDotted));
        Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("public, immutable"));
        Assert.That(response.Headers.Vary, Does.Contain("Accept"));
        Assert.That(response.Headers.ETag, Is.Not.EqualTo(jsonResponse.Headers.ETag), "each representation has its own validator");
        var body = await response.Content.ReadAsByteArrayAsync();
        var decoded = await GnosticProto.DecodeV3Async(body);
        Assert.That(JsonComparison.FirstDifference(json, decoded), Is.Null);
        AssertSameEntryOrder(json["components"]!, decoded!["components"]!, "schemas");
        var text = await GnosticProto.DecodeTextAsync(body, GnosticProto.V3File, GnosticProto.V3Document);
        Assert.That(text, Does.StartWith("openapi: \"3.0.0\"\ninfo {\n  title: \"metrics-operator\"\n  version: \"v0.4.2\"\n}\n"));
        Assert.That(text, Does.Not.Match(@"(?m)^\s*[0-9]+: "));
    }

    [TestCase(null, Json)]
    [TestCase("*/*", Json)]
    [TestCase("application/*", Json)]
    [TestCase("application/json, */*", Json)]
    [TestCase(V2Protobuf + ", application/json", V2ProtobufDotted)]
    [TestCase("application/json;q=0.9, " + V2ProtobufDotted, V2ProtobufDotted)]
    [TestCase("*/*, " + V2Protobuf, V2ProtobufDotted, TestName = "At equal quality the more specific range wins, as in goautoneg")]
    [TestCase(V2Protobuf + ";q=0, application/json", Json)]
    [TestCase("text/html, " + V2Protobuf + ";q=0.2", V2ProtobufDotted)]
    public async Task V2_is_negotiated_from_the_accept_header(string? accept, string contentType)
    {
        using var response = await _server.GetAsync("/openapi/v2", accept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(contentType));
    }

    [TestCase("/openapi/v2", "application/yaml", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf")]
    [TestCase("/openapi/v2", "application/vnd.kubernetes.protobuf", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf")]
    [TestCase("/openapi/v2", V3Protobuf, "application/com.github.proto-openapi.spec.v2@v1.0+protobuf")]
    [TestCase("/openapi/v2", "application/json;q=0", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf")]
    [TestCase("/openapi/v3/apis/metrics.k8s.io/v1beta1", V2Protobuf, "application/com.github.proto-openapi.spec.v3@v1.0+protobuf")]
    public async Task Nothing_acceptable_is_406_with_a_status_listing_what_is(string path, string accept, string listed)
    {
        using var response = await _server.GetAsync(path, accept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotAcceptable));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(status["kind"]!.GetValue<string>(), Is.EqualTo("Status"));
        Assert.That(status["reason"]!.GetValue<string>(), Is.EqualTo("NotAcceptable"));
        Assert.That(status["message"]!.GetValue<string>(), Does.StartWith("only the following media types are accepted: application/json").And.Contain(listed));
    }

    [Test]
    public async Task Each_representation_has_its_own_etag_and_a_client_holding_it_gets_304()
    {
        using var json = await _server.GetAsync("/openapi/v2", Json);
        using var protobuf = await _server.GetAsync("/openapi/v2", V2Protobuf);
        var jsonTag = json.Headers.ETag!.Tag;
        var protobufTag = protobuf.Headers.ETag!.Tag;

        using var current = await _server.GetAsync("/openapi/v2", V2Protobuf, ifNoneMatch: protobufTag);
        using var otherRepresentation = await _server.GetAsync("/openapi/v2", V2Protobuf, ifNoneMatch: jsonTag);
        using var any = await _server.GetAsync("/openapi/v2", V2ProtobufDotted, ifNoneMatch: "*");

        Assert.That(protobufTag, Is.Not.EqualTo(jsonTag));
        Assert.That(current.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(current.Headers.ETag?.Tag, Is.EqualTo(protobufTag));
        Assert.That(await current.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(otherRepresentation.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the JSON validator does not validate the protobuf body");
        Assert.That(otherRepresentation.Content.Headers.ContentType?.MediaType, Is.EqualTo(V2ProtobufDotted));
        Assert.That(any.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    /// <summary>The aggregator refreshes our Swagger document with <c>Accept: application/json</c> and the last ETag it saw.</summary>
    [Test]
    public async Task The_aggregators_json_refresh_with_the_last_etag_is_a_304()
    {
        using var first = await _server.GetAsync("/openapi/v2", Json);

        using var refresh = await _server.GetAsync("/openapi/v2", Json, ifNoneMatch: first.Headers.ETag!.Tag);

        Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(refresh.Headers.ETag, Is.EqualTo(first.Headers.ETag));
    }

    [Test]
    public async Task Every_request_is_answered_from_the_same_bytes()
    {
        var first = await GetBytesAsync("/openapi/v2", V2Protobuf);
        var second = await GetBytesAsync("/openapi/v2", V2ProtobufDotted);

        Assert.That(second, Is.EqualTo(first));
    }

    private static void AssertSameEntryOrder(JsonNode expected, JsonNode actual, string map) =>
        Assert.That(
            actual[map]!.AsObject().Select(pair => pair.Key),
            Is.EqualTo(expected[map]!.AsObject().Select(pair => pair.Key)),
            $"{map} entries keep the document's order");

    private async Task<string> GetStringAsync(string path, string accept)
    {
        using var response = await _server.GetAsync(path, accept);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<byte[]> GetBytesAsync(string path, string accept)
    {
        using var response = await _server.GetAsync(path, accept);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
