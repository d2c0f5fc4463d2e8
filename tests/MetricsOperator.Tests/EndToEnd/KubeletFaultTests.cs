using System.Text.Json.Nodes;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Tests.EndToEnd.Testing;

namespace MetricsOperator.Tests.EndToEnd;

/// <summary>Scenario 6: a kubelet that hangs or answers garbage: the other nodes stay served, the status names the failing count and reason.</summary>
[TestFixture]
[Order(6)]
[NonParallelizable]
internal sealed class KubeletFaultTests
{
    [OneTimeSetUp]
    public Task ReadyAsync() => EndToEndSandbox.WaitReadyAsync();

    [TearDown]
    public async Task HealAsync()
    {
        foreach (var node in EndToEndSandbox.Current.Farm.Nodes)
        {
            node.Fault = KubeletFault.None;
        }

        await Eventually.HoldsAsync("every node to be scraped again", TimeSpan.FromSeconds(30), async () =>
        {
            var nodes = (await EndToEndSandbox.BackendAsync())?["status"]?["nodes"];
            return (int?)nodes?["failing"] == 0 && (int?)nodes?["scraped"] == EndToEndSandbox.Nodes ? null : nodes?.ToJsonString();
        });
    }

    [TestCase(KubeletFaultKind.Hang)]
    [TestCase(KubeletFaultKind.MalformedBody)]
    public async Task OtherNodesStayServedAndTheStatusNamesTheFailure(KubeletFaultKind kind)
    {
        var farm = EndToEndSandbox.Current.Farm;
        var faulty = farm.Nodes[1];
        faulty.Fault = new KubeletFault(kind);

        JsonNode? status = null;
        await Eventually.HoldsAsync($"the status to report one failing node ({kind})", TimeSpan.FromSeconds(30), async () =>
        {
            var backend = await EndToEndSandbox.BackendAsync();
            status = backend?["status"];
            var nodes = status?["nodes"];
            var healthy = EndToEndSandbox.Condition(backend, "ScrapingHealthy");
            return (int?)nodes?["failing"] == 1 && (int?)nodes?["scraped"] == EndToEndSandbox.Nodes - 1 && !string.IsNullOrEmpty((string?)nodes?["topFailureReason"]) && (string?)healthy?["status"] == "False"
                ? null
                : status?.ToJsonString();
        });
        var top = await EndToEndSandbox.Current.KubectlOkAsync("1.33", "top", "node");
        var rows = Usage.Parse(top);

        TestContext.Out.WriteLine(status!.ToJsonString());
        foreach (var node in farm.Nodes.Where(n => n != faulty))
        {
            Assert.That(rows.TryGetValue(node.Name, out var row), Is.True, node.Name + " is no longer served:\n" + top);
            Assert.That(Usage.Mismatch(node.Name, row, node.ExpectedNodeUsage()), Is.Null);
        }
    }
}
