using System.Text.Json.Nodes;
using MetricsOperator.Reconciliation.Spec;
using MetricsOperator.Tests.EndToEnd.Testing;

namespace MetricsOperator.Tests.EndToEnd;

/// <summary>Scenario 4: a MetricsBackend spec change (resolution, node selector) takes effect on the running scrapers.</summary>
[TestFixture]
[Order(4)]
[NonParallelizable]
internal sealed class SpecChangeTests
{
    [OneTimeSetUp]
    public Task ReadyAsync() => EndToEndSandbox.WaitReadyAsync();

    [OneTimeTearDown]
    public async Task RestoreAsync()
    {
        await EndToEndSandbox.Current.KubectlAsync("1.33", "patch", "mb", "default", "--type", "merge", "-p", """{"spec":{"scraping":{"resolution":"2s","nodeSelector":null}}}""");
        await EndToEndSandbox.Current.KubectlAsync("1.33", "label", "node", "--all", "e2e-scrape-");
    }

    [Test]
    public async Task NewResolutionShowsInTheServedWindow()
    {
        var before = await WindowsAsync();

        await EndToEndSandbox.Current.KubectlOkAsync("1.33", "patch", "mb", "default", "--type", "merge", "-p", """{"spec":{"scraping":{"resolution":"4s"}}}""");

        Assert.That(before.Values.Max(), Is.LessThan(TimeSpan.FromSeconds(3)), "windows before the change");
        await Eventually.HoldsAsync("every node's window to reflect the 4s resolution", TimeSpan.FromSeconds(20), async () =>
        {
            var windows = await WindowsAsync();
            return windows.Count == EndToEndSandbox.Nodes && windows.Values.All(w => w > TimeSpan.FromSeconds(3.2) && w < TimeSpan.FromSeconds(4.8))
                ? null
                : string.Join(", ", windows.Select(w => $"{w.Key}={w.Value.TotalSeconds:0.###}s"));
        });
    }

    [Test]
    public async Task NodeSelectorLimitsTheScrapedNodes()
    {
        var farm = EndToEndSandbox.Current.Farm;
        string[] selected = [farm.Nodes[0].Name, farm.Nodes[1].Name];
        await EndToEndSandbox.Current.KubectlOkAsync("1.33", ["label", "node", .. selected, "e2e-scrape=yes"]);

        await EndToEndSandbox.Current.KubectlOkAsync("1.33", "patch", "mb", "default", "--type", "merge", "-p", """{"spec":{"scraping":{"nodeSelector":"e2e-scrape=yes"}}}""");

        await Eventually.HoldsAsync("only the selected nodes to be served and counted", TimeSpan.FromSeconds(25), async () =>
        {
            var windows = await WindowsAsync();
            var backend = await EndToEndSandbox.BackendAsync();
            var total = (int?)backend?["status"]?["nodes"]?["total"];
            return windows.Keys.Order().SequenceEqual(selected) && total == 2
                ? null
                : $"served: {string.Join(",", windows.Keys)}; status.nodes: {backend?["status"]?["nodes"]?.ToJsonString()}";
        });
    }

    /// <summary>Each served node's measurement window.</summary>
    private static async Task<Dictionary<string, TimeSpan>> WindowsAsync()
    {
        var raw = await EndToEndSandbox.Current.KubectlOkAsync("1.33", "get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes");
        var result = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var item in JsonNode.Parse(raw)!["items"]!.AsArray().OfType<JsonObject>())
        {
            var text = (string)item["window"]!;
            Assert.That(GoDuration.TryParse(text, out var window, out var error), Is.True, error);
            result[(string)item["metadata"]!["name"]!] = window;
        }

        return result;
    }
}
