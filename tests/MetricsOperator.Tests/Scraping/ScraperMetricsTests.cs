using static MetricsOperator.Tests.Scraping.ScraperHarness;

namespace MetricsOperator.Tests.Scraping;

public sealed class ScraperMetricsTests
{
    private static KubeletBehaviour Answers(TimeSpan after) => new() { Delay = after, Body = KubeletBodies.NodeOnly };

    [Test]
    public async Task S4_one_successful_one_second_scrape()
    {
        using var harness = new ScraperHarness();
        harness.AddKubelets(Answers(TimeSpan.FromSeconds(1)), "node1");
        var startedAt = harness.Time.GetUtcNow();

        var round = harness.Loop.RunRoundAsync(CancellationToken.None);
        await Until(() => harness.Kubelets.InFlight == 1, "the request is in flight");
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await Promptly(round);
        harness.Probe.Observe();

        var requests = harness.Probe.Of("metrics_operator.kubelet.requests");
        var durations = harness.Probe.Of("metrics_operator.kubelet.request.duration");
        var lastRequest = harness.Probe.Of("metrics_operator.kubelet.last_request.time");
        Assert.Multiple(() =>
        {
            Assert.That(requests.Select(m => (m.Value, m.Tags["success"])), Is.EqualTo(new[] { (1.0, "true") }));
            Assert.That(durations.Select(m => m.Value), Is.EqualTo(new[] { 1.0 }), "one observation, in the le=1 bucket");
            Assert.That(durations.Single().Tags, Is.Empty, "no per-node label on the histogram");
            Assert.That(lastRequest.Single().Tags["node"], Is.EqualTo("node1"));
            Assert.That(lastRequest.Single().Value, Is.EqualTo(startedAt.ToUnixTimeMilliseconds() / 1000.0));
        });
    }

    [Test]
    public async Task Failures_are_counted_apart_and_round_metrics_report_both_outcomes()
    {
        using var harness = new ScraperHarness();
        harness.AddKubelets(Answers(TimeSpan.Zero), "ok1", "ok2", "broken");
        harness.SetKubelet("broken", new KubeletBehaviour { Status = System.Net.HttpStatusCode.BadGateway });

        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));
        harness.Probe.Observe();

        var requests = harness.Probe.Of("metrics_operator.kubelet.requests");
        var nodes = harness.Probe.Of("metrics_operator.scrape.round.nodes").ToDictionary(m => m.Tags["outcome"]!, m => m.Value);
        Assert.Multiple(() =>
        {
            Assert.That(requests.Count(m => m.Tags["success"] == "true"), Is.EqualTo(2));
            Assert.That(requests.Count(m => m.Tags["success"] == "false"), Is.EqualTo(1));
            Assert.That(nodes, Is.EqualTo(new Dictionary<string, double> { ["scraped"] = 2, ["failed"] = 1 }));
            Assert.That(harness.Probe.Of("metrics_operator.scrape.round.duration"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_node_without_address_is_not_counted_as_a_request()
    {
        using var harness = new ScraperHarness();
        harness.AddNode(Nodes.Node("nowhere"));

        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        Assert.That(harness.Probe.Of("metrics_operator.kubelet.requests"), Is.Empty);
    }

    [Test]
    public async Task The_per_node_series_disappears_when_the_node_leaves()
    {
        using var harness = new ScraperHarness();
        harness.AddKubelets(Answers(TimeSpan.Zero), "node1", "node2");
        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        harness.RemoveNode("node1");
        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));
        harness.Probe.Clear();
        harness.Probe.Observe();

        Assert.That(
            harness.Probe.Of("metrics_operator.kubelet.last_request.time").Select(m => m.Tags["node"]),
            Is.EqualTo(new[] { "node2" }));
    }
}
