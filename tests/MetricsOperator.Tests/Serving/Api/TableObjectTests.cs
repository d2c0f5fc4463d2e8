using static MetricsOperator.Tests.Serving.Api.ApiJson;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>What a Table row's <c>object</c> holds for each <c>includeObject</c>, and the v1beta1 Table.</summary>
public sealed class TableObjectTests
{
    private const string Api = "/apis/metrics.k8s.io/v1beta1";
    private const string TableV1 = "application/json;as=Table;v=v1;g=meta.k8s.io";
    private const string TableV1Beta1 = "application/json;as=Table;v=v1beta1;g=meta.k8s.io";

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

    [TestCase("nodes/node2")]
    [TestCase("namespaces/other/pods/pod1")]
    public async Task Object_rows_carry_the_whole_object(string path)
    {
        var whole = await ReadAsync(await _server.GetAsync($"{Api}/{path}"));
        var table = await ReadAsync(await _server.GetAsync($"{Api}/{path}?includeObject=Object", TableV1));

        Assert.That(table["rows"]!.AsArray(), Has.Count.EqualTo(1), "a get is a one-row table");
        AssertSame(table["rows"]![0]!["object"]!, whole);
    }

    [Test]
    public async Task None_rows_have_a_null_object()
    {
        var table = await ReadAsync(await _server.GetAsync($"{Api}/pods?includeObject=None", TableV1));

        Assert.That(table["rows"]!.AsArray().Select(row => row!.AsObject().ContainsKey("object") && row["object"] is null), Is.All.True);
    }

    [Test]
    public async Task Metadata_rows_are_partial_object_metadata_by_default()
    {
        var explicitly = await ReadAsync(await _server.GetAsync($"{Api}/nodes?includeObject=Metadata", TableV1));
        var byDefault = await ReadAsync(await _server.GetAsync($"{Api}/nodes", TableV1));

        AssertSame(explicitly, byDefault);
        Assert.That(byDefault["rows"]![0]!["object"]!["kind"]!.GetValue<string>(), Is.EqualTo("PartialObjectMetadata"));
    }

    [Test]
    public async Task A_v1beta1_table_is_the_v1_table_in_the_v1beta1_group_version()
    {
        var v1 = await ReadAsync(await _server.GetAsync($"{Api}/pods", TableV1));
        var v1beta1 = await ReadAsync(await _server.GetAsync($"{Api}/pods", TableV1Beta1));

        v1["apiVersion"] = "meta.k8s.io/v1beta1";
        foreach (var row in v1["rows"]!.AsArray())
        {
            row!["object"]!["apiVersion"] = "meta.k8s.io/v1beta1";
        }

        AssertSame(v1beta1, v1);
    }
}
