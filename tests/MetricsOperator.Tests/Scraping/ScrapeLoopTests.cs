using k8s.Models;
using MetricsOperator.Scraping;
using static MetricsOperator.Tests.Scraping.ScraperHarness;

namespace MetricsOperator.Tests.Scraping;

/// <summary>The scraper cases S1-S6 of the metrics-server reference, and the loop's scheduling.</summary>
public sealed class ScrapeLoopTests
{
    private static readonly string[] FourNodes = ["node1", "node-no-host", "node3", "node4"];

    private static readonly string[] Node1Pods = ["ns1/pod1", "ns1/pod2", "ns2/pod1", "ns3/pod1"];

    private static KubeletBehaviour Answers(TimeSpan after, byte[]? body = null) => new() { Delay = after, Body = body ?? KubeletBodies.NodeOnly };

    [Test]
    public async Task S1_all_kubelets_are_scraped_in_parallel_including_a_NotReady_node()
    {
        using var harness = new ScraperHarness();
        harness.AddKubelets(Answers(TimeSpan.FromSeconds(1)), FourNodes);
        harness.SetKubelet("node1", Answers(TimeSpan.FromSeconds(1), KubeletBodies.Node1));
        harness.AddNode(Nodes.WithInternalIp("node5", "10.0.0.5", ready: false));
        harness.Kubelets.Set("10.0.0.5", Answers(TimeSpan.FromSeconds(1)));

        var round = harness.Loop.RunRoundAsync(CancellationToken.None);
        await Until(() => harness.Kubelets.InFlight == 5, "all five requests are in flight");
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await Promptly(round);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new ScrapeRoundResult(5, 0, TimeSpan.FromSeconds(1))), "one second in total, not five");
            Assert.That(harness.Sink.Stored.Keys, Is.EquivalentTo(FourNodes.Append("node5")));
            Assert.That(harness.Sink.Stored.Values.SelectMany(n => n.Pods), Is.EquivalentTo(Node1Pods));
            Assert.That(harness.Sink.Stored["node3"].Node!.Value.CpuNanoCoreSeconds, Is.EqualTo(100));
            Assert.That(harness.Sink.Stored["node3"].Node!.Value.MemoryWorkingSetBytes, Is.EqualTo(200));
            Assert.That(harness.Sink.Failed, Is.Empty);
        });
    }

    [Test]
    public async Task S2_a_node_slower_than_the_timeout_fails_alone_and_does_not_delay_the_others()
    {
        using var harness = new ScraperHarness();
        harness.AddKubelets(Answers(TimeSpan.FromSeconds(2)), FourNodes);
        harness.SetKubelet("node1", Answers(TimeSpan.FromSeconds(4), KubeletBodies.Node1));

        var round = harness.Loop.RunRoundAsync(CancellationToken.None);
        await Until(() => harness.Kubelets.InFlight == 4, "all requests are in flight");
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        await Until(() => harness.Sink.StoreCalls == 3, "the three quick nodes are stored");
        Assert.That(round.IsCompleted, Is.False, "the round waits for the slow node's timeout");
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await Promptly(round);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new ScrapeRoundResult(3, 1, TimeSpan.FromSeconds(3))));
            Assert.That(harness.Sink.Stored.Keys, Is.EquivalentTo(new[] { "node-no-host", "node3", "node4" }));
            Assert.That(harness.Sink.Stored.Values.SelectMany(n => n.Pods), Is.Empty, "all pods came from node1");
            Assert.That(harness.Sink.Failed, Is.EqualTo(new[] { "node1" }));
            Assert.That(harness.State("node1").LastFailure, Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.Timeout, "timeout after 3s")));
            Assert.That(harness.State("node3").LastDuration, Is.EqualTo(TimeSpan.FromSeconds(2)), "quick nodes finish at their own pace");
        });
    }

    [Test]
    public async Task S5_a_node_without_addresses_fails_and_the_others_are_still_scraped()
    {
        using var harness = new ScraperHarness();
        harness.AddKubelets(Answers(TimeSpan.Zero), "node-no-host", "node3", "node4");
        harness.AddNode(new V1Node { Metadata = new V1ObjectMeta { Name = "node1" }, Status = new V1NodeStatus() });

        var result = await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That((result.Scraped, result.Failed), Is.EqualTo((3, 1)));
            Assert.That(harness.Sink.Stored.Keys, Is.EquivalentTo(new[] { "node-no-host", "node3", "node4" }));
            Assert.That(harness.Sink.Failed, Is.EqualTo(new[] { "node1" }));
            Assert.That(
                harness.State("node1").LastFailure,
                Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.NoAddress, "no address matched types [InternalIP ExternalIP Hostname]")));
            Assert.That(harness.Kubelets.Requests, Has.Count.EqualTo(3), "no request for the node without address");
        });
    }

    [Test]
    public async Task S6_a_failing_node_lister_gives_an_empty_round_and_keeps_known_state()
    {
        var lister = new FlakyNodeSource();
        using var harness = new ScraperHarness(nodes: lister);
        harness.Kubelets.Set("10.0.0.1", Answers(TimeSpan.Zero));
        lister.Nodes = [Nodes.WithInternalIp("node1", "10.0.0.1")];
        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        lister.Failure = new InvalidOperationException("informer not synced");
        var result = await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That((result.Scraped, result.Failed), Is.EqualTo((0, 0)));
            Assert.That(harness.States.TryGet("node1", out _), Is.True, "a listing error is not a node leaving");
            Assert.That(harness.Sink.StoreCalls, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Nodes_that_are_no_longer_listed_lose_their_state()
    {
        using var harness = new ScraperHarness();
        harness.AddKubelets(Answers(TimeSpan.Zero), "node1", "node2");
        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        harness.RemoveNode("node1");
        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        Assert.That(harness.States.Snapshot().Select(s => s.NodeName), Is.EqualTo(new[] { "node2" }));
    }

    [Test]
    public async Task The_node_selector_restricts_which_nodes_are_scraped()
    {
        using var harness = new ScraperHarness();
        harness.AddNode(Nodes.Node("worker", [("InternalIP", "10.0.0.1")], labels: new Dictionary<string, string> { ["role"] = "worker" }));
        harness.AddNode(Nodes.Node("skipped", [("InternalIP", "10.0.0.2")], labels: new Dictionary<string, string> { ["metrics-server-skip"] = "true" }));
        harness.AddNode(Nodes.Node("unlabelled", [("InternalIP", "10.0.0.3")]));
        foreach (var ip in new[] { "10.0.0.1", "10.0.0.2", "10.0.0.3" })
        {
            harness.Kubelets.Set(ip, Answers(TimeSpan.Zero));
        }

        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));
        harness.Settings.Update(harness.Settings.Current with { NodeSelector = "metrics-server-skip!=true" });
        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));
        var afterFirstSelector = harness.States.Snapshot().Select(s => s.NodeName).ToList();
        harness.Settings.Update(harness.Settings.Current with { NodeSelector = "role in (worker)" });
        var result = await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(afterFirstSelector, Is.EqualTo(new[] { "unlabelled", "worker" }), "a deselected node is forgotten like one that left");
            Assert.That((result.Scraped, result.Failed), Is.EqualTo((1, 0)));
            Assert.That(harness.States.Snapshot().Select(s => s.NodeName), Is.EqualTo(new[] { "worker" }));
            Assert.That(harness.Sink.Removed, Is.EquivalentTo(new[] { "skipped", "unlabelled" }), "deselected nodes' data is no longer served");
            Assert.That(harness.Sink.Stored.Keys, Is.EquivalentTo(new[] { "worker" }));
            Assert.That(harness.Kubelets.Requests.Count(r => r.RequestUri!.Host == "10.0.0.2"), Is.EqualTo(1), "only the unfiltered first round");
        });
    }

    [Test]
    public async Task Concurrency_never_exceeds_the_configured_limit()
    {
        var settings = new ScrapeSettings { Resolution = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromSeconds(3), MaxConcurrency = 2 };
        using var harness = new ScraperHarness(settings);
        harness.AddKubelets(Answers(TimeSpan.FromSeconds(1)), "a", "b", "c", "d", "e");

        var round = harness.Loop.RunRoundAsync(CancellationToken.None);
        for (var done = 2; done <= 6; done += 2)
        {
            var expected = Math.Min(done, 5);
            await Until(() => harness.Kubelets.Requests.Count == expected, $"{expected} requests were sent");
            harness.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var result = await Promptly(round);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Kubelets.MaxInFlight, Is.EqualTo(2));
            Assert.That(result, Is.EqualTo(new ScrapeRoundResult(5, 0, TimeSpan.FromSeconds(3))));
        });
    }

    [Test]
    public async Task Runs_a_round_at_start_and_then_one_per_resolution()
    {
        var lister = new FlakyNodeSource();
        using var harness = new ScraperHarness(nodes: lister);
        using var stop = new CancellationTokenSource();

        var loop = harness.Loop.RunAsync(stop.Token);
        await Until(() => lister.Calls == 1, "the first round ran at start");
        harness.Time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(20);
        Assert.That(lister.Calls, Is.EqualTo(1), "no round before the resolution elapsed");
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await Until(() => lister.Calls == 2, "the second round ran after one resolution");

        await stop.CancelAsync();
        await Promptly(loop);
    }

    [Test]
    public async Task Rounds_never_overlap_an_overrunning_round_is_followed_directly_by_the_next()
    {
        var lister = new FlakyNodeSource { Nodes = [Nodes.WithInternalIp("stuck", "10.0.0.1")] };
        using var harness = new ScraperHarness(nodes: lister);
        harness.Kubelets.Set("10.0.0.1", Answers(TimeSpan.FromSeconds(25)) with { IgnoresCancellation = true });
        using var stop = new CancellationTokenSource();

        var loop = harness.Loop.RunAsync(stop.Token);
        await Until(() => harness.Kubelets.InFlight == 1, "the first round is waiting for the kubelet");
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(20);
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(20);
        Assert.That(lister.Calls, Is.EqualTo(1), "two ticks passed, but the first round is still running");

        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await Until(() => lister.Calls == 2, "the next round starts as soon as the first one ends");
        Assert.That(harness.Sink.Failed, Is.EqualTo(new[] { "stuck" }));

        // The fake kubelet ignores cancellation, so let the second round's request end before stopping.
        harness.Kubelets.Set("10.0.0.1", Answers(TimeSpan.Zero));
        harness.Time.Advance(TimeSpan.FromSeconds(25));
        await stop.CancelAsync();
        await Promptly(loop);
    }

    [Test]
    public async Task Stopping_ends_the_loop_without_marking_nodes_failed()
    {
        using var harness = new ScraperHarness();
        harness.AddKubelets(Answers(TimeSpan.FromSeconds(5)), "node1");
        using var stop = new CancellationTokenSource();

        var loop = harness.Loop.RunAsync(stop.Token);
        await Until(() => harness.Kubelets.InFlight == 1, "the request is in flight");
        await stop.CancelAsync();

        Assert.That(async () => await Promptly(loop), Throws.Nothing);
        Assert.That(harness.Sink.Failed, Is.Empty);
    }

    [Test]
    public async Task A_settings_change_that_affects_the_transport_rebuilds_the_client_between_rounds()
    {
        using var harness = new ScraperHarness();
        harness.AddKubelets(Answers(TimeSpan.Zero), "node1");
        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        harness.Settings.Update(harness.Settings.Current with { NodeSelector = "role!=control-plane", MaxConcurrency = 3 });
        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));
        var afterUnrelatedChange = harness.TransportsBuilt;
        harness.Settings.Update(harness.Settings.Current with { RequestGzip = true });
        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(afterUnrelatedChange, Is.EqualTo(1), "selector and concurrency are per round, not per handler");
            Assert.That(harness.TransportsBuilt, Is.EqualTo(2));
            Assert.That(harness.LastTransport!.RequestGzip, Is.True);
            Assert.That(harness.Sink.StoreCalls, Is.EqualTo(3), "the rebuilt client still scrapes");
        });
    }

    [Test]
    public async Task A_changed_resolution_changes_the_round_interval()
    {
        var lister = new FlakyNodeSource();
        using var harness = new ScraperHarness(nodes: lister);
        using var stop = new CancellationTokenSource();
        var loop = harness.Loop.RunAsync(stop.Token);
        await Until(() => lister.Calls == 1, "the first round ran");

        harness.Settings.Update(harness.Settings.Current with { Resolution = TimeSpan.FromSeconds(30), Timeout = null });
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await Until(() => lister.Calls == 2, "the tick already scheduled still fires");
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(20);
        Assert.That(lister.Calls, Is.EqualTo(2), "10 s is no longer a full interval");
        harness.Time.Advance(TimeSpan.FromSeconds(20));
        await Until(() => lister.Calls == 3, "the round after 30 s ran");

        await stop.CancelAsync();
        await Promptly(loop);
    }

    /// <summary>A node source that counts listings and can be made to fail.</summary>
    private sealed class FlakyNodeSource : INodeSource
    {
        private int _calls;

        public IReadOnlyCollection<V1Node> Nodes { get; set; } = [];

        public Exception? Failure { get; set; }

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyCollection<V1Node> ListNodes()
        {
            Interlocked.Increment(ref _calls);
            return Failure is null ? Nodes : throw Failure;
        }
    }
}
