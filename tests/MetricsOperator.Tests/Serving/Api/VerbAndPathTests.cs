using System.Net;
using static MetricsOperator.Tests.Serving.Api.ApiJson;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>Every resource path, with and without a trailing slash; refused verbs and watch; tolerated list parameters.</summary>
public sealed class VerbAndPathTests
{
    private const string Api = "/apis/metrics.k8s.io/v1beta1";

    private static readonly string[] Paths = ["nodes", "nodes/node1", "pods", "namespaces/other/pods", "namespaces/other/pods/pod1"];

    private TestCluster _cluster = null!;
    private MetricsApiTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _cluster = UnitFakeCluster.Build();
        _server = await MetricsApiTestServer.StartAsync(_cluster);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        _cluster.Dispose();
    }

    [TestCaseSource(nameof(Paths))]
    public async Task Each_path_answers_with_and_without_a_trailing_slash(string path)
    {
        var plain = await ReadAsync(await _server.GetAsync($"{Api}/{path}"));
        var slashed = await ReadAsync(await _server.GetAsync($"{Api}/{path}/"));

        Assert.Multiple(() =>
        {
            Assert.That(plain["kind"]!.GetValue<string>(), Is.EqualTo(KindOf(path)));
            AssertSame(slashed, plain);
        });
    }

    [Test]
    public async Task The_csharp_clients_trailing_slash_list_paths_answer()
    {
        foreach (var path in new[] { "nodes/", "pods/", "namespaces/other/pods/" })
        {
            var list = await ReadAsync(await _server.GetAsync($"{Api}/{path}"));
            Assert.That(list["items"]!.AsArray(), Is.Not.Empty, path);
        }
    }

    [Test]
    public async Task Mutating_verbs_get_a_method_not_allowed_status(
        [ValueSource(nameof(Paths))] string path, [Values("POST", "PUT", "PATCH", "DELETE")] string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{Api}/{path}") { Content = new StringContent("{}") };

        var status = await ReadAsync(await _server.Client.SendAsync(request), HttpStatusCode.MethodNotAllowed);

        AssertMethodNotAllowed(status, path);
        Assert.That(status["message"]!.GetValue<string>(), Is.EqualTo("the server does not allow this method on the requested resource"));
    }

    [Test]
    public async Task Watch_gets_a_method_not_allowed_status(
        [ValueSource(nameof(Paths))] string path, [Values("true", "1", "True", "yes", "f", "")] string watch)
    {
        var status = await ReadAsync(await _server.GetAsync($"{Api}/{path}?watch={watch}"), HttpStatusCode.MethodNotAllowed);

        AssertMethodNotAllowed(status, path);
        Assert.That(
            status["message"]!.GetValue<string>(),
            Is.EqualTo($"watch is not supported on resources of kind \"{(path.StartsWith("nodes", StringComparison.Ordinal) ? "nodes" : "pods")}.metrics.k8s.io\""));
    }

    [TestCase("false")]
    [TestCase("FALSE")]
    [TestCase("0")]
    public async Task Watch_turned_off_is_an_ordinary_list(string watch)
    {
        var list = await ReadAsync(await _server.GetAsync($"{Api}/nodes?watch={watch}"));

        Assert.That(Names(list), Has.Length.EqualTo(3));
    }

    [Test]
    public async Task Limit_continue_and_resource_version_are_ignored_and_lists_are_complete()
    {
        var list = await ReadAsync(await _server.GetAsync($"{Api}/pods?limit=1&continue=abc&resourceVersion=0&resourceVersionMatch=NotOlderThan&timeoutSeconds=5"));

        Assert.Multiple(() =>
        {
            Assert.That(Keys(list), Has.Length.EqualTo(3));
            Assert.That(list["metadata"]!.AsObject(), Is.Empty, "no continue token: there is nothing more");
        });
    }

    [Test]
    public async Task Head_is_answered_like_get_without_a_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"{Api}/nodes");

        using var response = await _server.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("nodes/node1/extra")]
    [TestCase("namespaces/other")]
    [TestCase("namespaces/other/pods/pod1/status")]
    [TestCase("deployments")]
    public async Task Paths_that_name_no_resource_are_a_not_found_status(string path)
    {
        var status = await ReadAsync(await _server.GetAsync($"{Api}/{path}"), HttpStatusCode.NotFound);

        Assert.Multiple(() =>
        {
            Assert.That(status["kind"]!.GetValue<string>(), Is.EqualTo("Status"));
            Assert.That(status["reason"]!.GetValue<string>(), Is.EqualTo("NotFound"));
            Assert.That(status["message"]!.GetValue<string>(), Is.EqualTo("the server could not find the requested resource"));
        });
    }

    private static string KindOf(string path) => path switch
    {
        "nodes" => "NodeMetricsList",
        "nodes/node1" => "NodeMetrics",
        "namespaces/other/pods/pod1" => "PodMetrics",
        _ => "PodMetricsList",
    };

    private static void AssertMethodNotAllowed(System.Text.Json.Nodes.JsonNode status, string path)
    {
        Assert.Multiple(() =>
        {
            Assert.That(status["kind"]!.GetValue<string>(), Is.EqualTo("Status"));
            Assert.That(status["reason"]!.GetValue<string>(), Is.EqualTo("MethodNotAllowed"));
            Assert.That(status["code"]!.GetValue<int>(), Is.EqualTo(405));
            Assert.That(status["details"]!["group"]!.GetValue<string>(), Is.EqualTo("metrics.k8s.io"));
            Assert.That(status["details"]!["kind"]!.GetValue<string>(), Is.EqualTo(path.StartsWith("nodes", StringComparison.Ordinal) ? "nodes" : "pods"));
        });
    }
}
