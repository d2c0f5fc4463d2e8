using System.Net;
using static MetricsOperator.Tests.Serving.Api.ApiJson;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>Label and field selectors on lists (reference cases A1–A5, A9–A11, A15) and each label operator.</summary>
public sealed class SelectorTests
{
    private const string Api = "/apis/metrics.k8s.io/v1beta1";

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

    [TestCase("", new[] { "node1", "node2", "node3" }, TestName = "A1 nodes: no selector, name order, no-metrics nodes left out")]
    [TestCase("fieldSelector=metadata.name%3Dnode4", new string[0], TestName = "A2 nodes: field selector on a node without metrics")]
    [TestCase("fieldSelector=metadata.name%3Dnode2", new[] { "node2" }, TestName = "A3 nodes: field selector on a name")]
    [TestCase("labelSelector=labelKey%3DlabelValue", new[] { "node1" }, TestName = "A4 nodes: label selector =")]
    [TestCase("fieldSelector=metadata.name%3Dnode3&labelSelector=labelKey%3DotherValue", new[] { "node3" }, TestName = "A5 nodes: both selectors")]
    [TestCase("fieldSelector=metadata.name%3Dnode3&labelSelector=labelKey%3DlabelValue", new string[0], TestName = "nodes: both selectors, disjoint")]
    [TestCase("fieldSelector=metadata.name!%3Dnode2", new[] { "node1", "node3" }, TestName = "nodes: field selector !=")]
    [TestCase("fieldSelector=metadata.namespace%3D", new[] { "node1", "node2", "node3" }, TestName = "nodes: cluster-scoped objects have an empty namespace")]
    [TestCase("labelSelector=labelKey%3D%3DotherValue", new[] { "node3" }, TestName = "nodes: label selector ==")]
    [TestCase("labelSelector=labelKey!%3DlabelValue", new[] { "node2", "node3" }, TestName = "nodes: label selector != (a missing key matches)")]
    [TestCase("labelSelector=labelKey%20in%20(labelValue,otherValue)", new[] { "node1", "node3" }, TestName = "nodes: label selector in")]
    [TestCase("labelSelector=labelKey%20notin%20(labelValue)", new[] { "node2", "node3" }, TestName = "nodes: label selector notin")]
    [TestCase("labelSelector=otherKey", new[] { "node2" }, TestName = "nodes: label selector exists")]
    [TestCase("labelSelector=!labelKey", new[] { "node2" }, TestName = "nodes: label selector does not exist")]
    [TestCase("labelSelector=labelKey,!otherKey", new[] { "node1", "node3" }, TestName = "nodes: requirements are ANDed")]
    public async Task Node_list(string query, string[] expected)
    {
        var list = await ReadAsync(await _server.GetAsync($"{Api}/nodes?{query}"));

        Assert.That(Names(list), Is.EqualTo(expected));
    }

    [TestCase("pods", "", new[] { "other/pod1", "other/pod2", "testValue/pod3" }, TestName = "A9 pods: all namespaces, namespace then name, no-metrics pod left out")]
    [TestCase("pods", "fieldSelector=metadata.namespace%3Dunknown", new string[0], TestName = "A10 pods: unknown namespace")]
    [TestCase("pods", "fieldSelector=metadata.namespace%3DtestValue", new[] { "testValue/pod3" }, TestName = "A10 pods: namespace field selector")]
    [TestCase("pods", "labelSelector=labelKey%3DlabelValue", new[] { "other/pod1" }, TestName = "A11 pods: label selector")]
    [TestCase("pods", "fieldSelector=metadata.name%3Dpod3&labelSelector=labelKey%3DotherValue", new[] { "testValue/pod3" }, TestName = "A11 pods: both selectors")]
    [TestCase("pods", "fieldSelector=metadata.namespace%3Dother,metadata.name%3Dpod2", new[] { "other/pod2" }, TestName = "pods: namespace and name pin one pod")]
    [TestCase("pods", "fieldSelector=metadata.namespace!%3Dother", new[] { "testValue/pod3" }, TestName = "pods: namespace !=")]
    [TestCase("namespaces/other/pods", "", new[] { "other/pod1", "other/pod2" }, TestName = "pods: one namespace")]
    [TestCase("namespaces/other/pods", "labelSelector=otherKey%20in%20(labelValue)", new[] { "other/pod2" }, TestName = "pods: one namespace, label selector in")]
    [TestCase("namespaces/other/pods", "fieldSelector=metadata.namespace%3DtestValue", new string[0], TestName = "pods: the route's namespace and a different field selector namespace")]
    [TestCase("namespaces/other/pods", "fieldSelector=metadata.name%3Dpod1", new[] { "other/pod1" }, TestName = "pods: one namespace, name")]
    [TestCase("namespaces/testValue/pods", "fieldSelector=metadata.name%3Dpod4", new string[0], TestName = "pods: a running pod without metrics is left out")]
    [TestCase("namespaces/empty/pods", "", new string[0], TestName = "pods: a namespace without pods")]
    public async Task Pod_list(string path, string query, string[] expected)
    {
        var list = await ReadAsync(await _server.GetAsync($"{Api}/{path}?{query}"));

        Assert.That(Keys(list), Is.EqualTo(expected));
    }

    [Test]
    public async Task Labels_of_the_object_are_copied_into_its_metadata()
    {
        var list = await ReadAsync(await _server.GetAsync($"{Api}/pods?labelSelector=otherKey"));

        Assert.That(list["items"]![0]!["metadata"]!["labels"]!.ToJsonString(), Is.EqualTo("""{"otherKey":"labelValue"}"""));
    }

    [TestCase("nodes?fieldSelector=spec.nodeName%3Dx", "\"spec.nodeName\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"", TestName = "A15 unknown field")]
    [TestCase("pods?fieldSelector=metadata.name", "invalid field selector 'metadata.name'", TestName = "field selector without operator")]
    [TestCase("pods?labelSelector=a%20in", "unable to parse requirement", TestName = "in without values")]
    [TestCase("nodes?labelSelector=a%3D%3D%3Db", "unable to parse requirement", TestName = "three equals signs")]
    [TestCase("namespaces/x/pods?labelSelector=-bad-key", "unable to parse requirement", TestName = "invalid key")]
    [TestCase("namespaces/x/pods?includeObject=All", "unrecognized includeObject value: \"All\"", TestName = "unknown includeObject")]
    public async Task Invalid_selectors_are_a_bad_request_status_naming_the_problem(string pathAndQuery, string message)
    {
        var status = await ReadAsync(await _server.GetAsync($"{Api}/{pathAndQuery}"), HttpStatusCode.BadRequest);

        Assert.Multiple(() =>
        {
            Assert.That(status["kind"]!.GetValue<string>(), Is.EqualTo("Status"));
            Assert.That(status["apiVersion"]!.GetValue<string>(), Is.EqualTo("v1"));
            Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("Failure"));
            Assert.That(status["reason"]!.GetValue<string>(), Is.EqualTo("BadRequest"));
            Assert.That(status["code"]!.GetValue<int>(), Is.EqualTo(400));
            Assert.That(status["message"]!.GetValue<string>(), Does.StartWith(message));
        });
    }

    [Test]
    public async Task A_get_ignores_selectors_as_the_api_server_does()
    {
        var pod = await ReadAsync(await _server.GetAsync($"{Api}/namespaces/other/pods/pod1?labelSelector=nope&fieldSelector=metadata.name%3Dother"));

        Assert.That(pod["metadata"]!["name"]!.GetValue<string>(), Is.EqualTo("pod1"));
    }
}
