using System.Net;
using MetricsOperator.Serving.Api;
using static MetricsOperator.Tests.Serving.Api.ApiJson;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>Choosing a representation from the Accept list, and plugging in one the API code does not know.</summary>
public sealed class NegotiationTests
{
    private const string Api = "/apis/metrics.k8s.io/v1beta1";
    private const string KubectlGet = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    private const string KubectlTop = "application/vnd.kubernetes.protobuf, */*";
    private const string KubectlOpenApiProtobuf = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    private static readonly IMetricsRepresentation Json = new JsonMetricsRepresentation();
    private static readonly IMetricsRepresentation Yaml = new YamlMetricsRepresentation();
    private static readonly IMetricsRepresentation Protobuf = new RecordingRepresentation(RecordingRepresentation.Protobuf);

    private static MetricsRepresentationRegistry Registry(bool withProtobuf) => new(
        withProtobuf
            ? [Protobuf, Json, Yaml, TableMetricsRepresentation.V1, TableMetricsRepresentation.V1Beta1]
            : [Json, Yaml, TableMetricsRepresentation.V1, TableMetricsRepresentation.V1Beta1]);

    [TestCase(null, "application/json", TestName = "no Accept: JSON")]
    [TestCase("", "application/json", TestName = "empty Accept: JSON")]
    [TestCase("*/*", "application/json", TestName = "*/*: JSON")]
    [TestCase("application/*", "application/json", TestName = "application/*: JSON")]
    [TestCase("APPLICATION/JSON; charset=utf-8", "application/json", TestName = "case and charset do not matter")]
    [TestCase("application/yaml", "application/yaml", TestName = "YAML")]
    [TestCase("text/plain, application/yaml", "application/yaml", TestName = "first acceptable clause")]
    [TestCase(KubectlGet, "application/json;as=Table;v=v1;g=meta.k8s.io", TestName = "kubectl get: Table v1")]
    [TestCase("application/json;as=Table;v=v1beta1;g=meta.k8s.io", "application/json;as=Table;v=v1beta1;g=meta.k8s.io", TestName = "Table v1beta1")]
    [TestCase("application/json;g=meta.k8s.io;v=v1;as=Table", "application/json;as=Table;v=v1;g=meta.k8s.io", TestName = "Table parameters in any order")]
    [TestCase("*/*;as=Table;g=meta.k8s.io;v=v1", "application/json;as=Table;v=v1;g=meta.k8s.io", TestName = "wildcard Table")]
    [TestCase("application/json;as=Table;v=v2;g=meta.k8s.io, application/json", "application/json", TestName = "unknown Table version falls through")]
    [TestCase("application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io, application/yaml", "application/yaml", TestName = "partial metadata is not offered")]
    [TestCase(KubectlTop, "application/json", TestName = "kubectl top without protobuf: JSON")]
    [TestCase("application/vnd.kubernetes.protobuf,application/json", "application/json", TestName = "kubectl 1.33 nodes without protobuf: JSON")]
    [TestCase("application/json;q=0.5, application/yaml", "application/yaml", TestName = "higher quality wins")]
    [TestCase("application/yaml;q=0.1, */*;q=0.9", "application/json", TestName = "quality beats specificity")]
    [TestCase("*/*, application/yaml", "application/yaml", TestName = "at equal quality the specific clause first")]
    [TestCase("application/yaml;q=0, */*", "application/json", TestName = "q=0 is not acceptable")]
    [TestCase(KubectlOpenApiProtobuf + ", application/json", "application/json", TestName = "kubectl's OpenAPI protobuf type (with @) is skipped, not fatal")]
    [TestCase(KubectlOpenApiProtobuf + ";q=0.9, application/yaml;q=0.5", "application/yaml", TestName = "an entry with @ keeps its quality ranking")]
    [TestCase("application/yaml;q=high, application/json;q=0.1", "application/json", TestName = "an unreadable quality is not acceptable")]
    public void Chooses(string? accept, string contentType)
    {
        Assert.That(Registry(withProtobuf: false).TryNegotiate(accept, out var chosen), Is.True);

        Assert.That(chosen!.ContentType, Is.EqualTo(contentType));
    }

    [TestCase("text/html")]
    [TestCase("text/*")]
    [TestCase("application/yaml;q=0")]
    [TestCase("application/json;as=Table")]
    [TestCase("application/json;as=Table;g=meta.k8s.io;v=v1;q=0, text/plain")]
    [TestCase(RecordingRepresentation.Protobuf)]
    public void Nothing_acceptable(string accept)
    {
        Assert.That(Registry(withProtobuf: false).TryNegotiate(accept, out _), Is.False);
    }

    [TestCase(KubectlTop, RecordingRepresentation.Protobuf)]
    [TestCase(RecordingRepresentation.Protobuf, RecordingRepresentation.Protobuf)]
    [TestCase("*/*", "application/json")]
    [TestCase(null, "application/json")]
    [TestCase(KubectlGet, "application/json;as=Table;v=v1;g=meta.k8s.io")]
    public void A_registered_protobuf_is_chosen_only_when_asked_for(string? accept, string contentType)
    {
        Assert.That(Registry(withProtobuf: true).TryNegotiate(accept, out var chosen), Is.True);

        Assert.That(chosen!.ContentType, Is.EqualTo(contentType));
    }

    [Test]
    public void Repeated_negotiation_gives_the_same_answer()
    {
        var registry = Registry(withProtobuf: false);
        registry.TryNegotiate(KubectlGet, out var first);
        registry.TryNegotiate(KubectlGet, out var second);
        var refused = registry.TryNegotiate("text/html", out _) || registry.TryNegotiate("text/html", out _);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(refused, Is.False);
        });
    }

    [Test]
    public void Two_representations_of_one_media_type_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new MetricsRepresentationRegistry([Json, new RecordingRepresentation("application/json")]));

        Assert.That(error!.Message, Does.Contain("two representations offer application/json"));
    }

    [Test]
    public void A_wildcard_content_type_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new MetricsRepresentationRegistry([new RecordingRepresentation("application/*")]));

        Assert.That(error!.Message, Does.Contain("\"application/*\" is not a concrete media type"));
    }

    [Test]
    public async Task Over_http_the_response_content_type_is_the_chosen_representations()
    {
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);

        using var json = await server.GetAsync($"{Api}/nodes", KubectlTop);
        using var yaml = await server.GetAsync($"{Api}/nodes", "application/yaml");
        using var table = await server.GetAsync($"{Api}/nodes", KubectlGet);

        Assert.Multiple(() =>
        {
            Assert.That(json.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
            Assert.That(yaml.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/yaml"));
            Assert.That(table.Content.Headers.ContentType!.Parameters.Select(p => p.ToString()), Is.EquivalentTo(new[] { "as=Table", "v=v1", "g=meta.k8s.io" }));
        });
    }

    [Test]
    public async Task Nothing_acceptable_is_a_not_acceptable_status_listing_what_is_offered()
    {
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);

        var status = await ReadAsync(await server.GetAsync($"{Api}/nodes", "text/html"), HttpStatusCode.NotAcceptable);

        Assert.Multiple(() =>
        {
            Assert.That(status["reason"]!.GetValue<string>(), Is.EqualTo("NotAcceptable"));
            Assert.That(
                status["message"]!.GetValue<string>(),
                Is.EqualTo("only the following media types are accepted: application/json, application/yaml, "
                    + "application/json;as=Table;v=v1;g=meta.k8s.io, application/json;as=Table;v=v1beta1;g=meta.k8s.io"));
        });
    }

    [Test]
    public async Task A_representation_registered_in_di_is_served_without_changing_the_api()
    {
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(
            cluster, configure: services => services.AddSingleton<IMetricsRepresentation>(new RecordingRepresentation(RecordingRepresentation.Protobuf)));

        using var list = await server.GetAsync($"{Api}/pods", KubectlTop);
        using var one = await server.GetAsync($"{Api}/namespaces/other/pods/pod2", KubectlTop);
        using var anything = await server.GetAsync($"{Api}/pods", "*/*");

        Assert.Multiple(async () =>
        {
            Assert.That(list.Content.Headers.ContentType!.MediaType, Is.EqualTo(RecordingRepresentation.Protobuf));
            Assert.That(await list.Content.ReadAsStringAsync(), Is.EqualTo("pods other/pod1,other/pod2,testValue/pod3"));
            Assert.That(await one.Content.ReadAsStringAsync(), Is.EqualTo("pod other/pod2"));
            Assert.That(anything.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        });
    }

    [Test]
    public void Adding_the_api_twice_registers_each_representation_once()
    {
        var services = new ServiceCollection().AddMetricsApi().AddMetricsApi();

        Assert.That(services.Count(d => d.ServiceType == typeof(IMetricsRepresentation)), Is.EqualTo(4));
    }
}
