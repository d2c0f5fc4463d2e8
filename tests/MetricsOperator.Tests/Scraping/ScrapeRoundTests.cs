using MetricsOperator.Scraping;
using static MetricsOperator.Tests.Scraping.ScraperHarness;

namespace MetricsOperator.Tests.Scraping;

public sealed class ScrapeRoundTests
{
    private static readonly ScrapeSettings FiveSecondTimeout = new() { Resolution = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromSeconds(5) };

    private static KubeletBehaviour Answers(TimeSpan after) => new() { Delay = after, Body = KubeletBodies.NodeOnly };

    private static KubeletTarget[] Targets(int count) =>
        Enumerable.Range(1, count).Select(i => new KubeletTarget($"node{i}", new Uri($"https://10.0.0.{i}:10250/metrics/resource"), true)).ToArray();

    [Test]
    public async Task S3_a_round_budget_shorter_than_the_node_timeout_ends_the_round_on_time_with_no_nodes()
    {
        using var harness = new ScraperHarness(FiveSecondTimeout);
        harness.AddKubelets(Answers(TimeSpan.FromSeconds(4)), "node1", "node2", "node3", "node4");
        harness.Client.Configure(FiveSecondTimeout);

        var round = harness.Round.RunAsync(Targets(4), 4, FiveSecondTimeout, TimeSpan.FromSeconds(1), CancellationToken.None);
        await Until(() => harness.Kubelets.InFlight == 4, "all requests are in flight");
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await Promptly(round);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new ScrapeRoundResult(0, 4, TimeSpan.FromSeconds(1))));
            Assert.That(harness.Sink.Stored, Is.Empty);
            Assert.That(harness.State("node2").LastFailure!.Value.Kind, Is.EqualTo(ScrapeFailureKind.RoundDeadline));
        });
    }

    [Test]
    public async Task Start_times_are_spread_over_8_ms_per_node()
    {
        using var harness = new ScraperHarness(FiveSecondTimeout, maxStagger: TimeSpan.FromSeconds(1));
        harness.AddKubelets(Answers(TimeSpan.FromSeconds(2)), "node1", "node2", "node3", "node4");
        harness.Client.Configure(FiveSecondTimeout);

        var round = harness.Round.RunAsync(Targets(4), 4, FiveSecondTimeout, TimeSpan.FromSeconds(10), CancellationToken.None);
        var sentOverTime = new List<int>();
        for (var step = 0; step < 4; step++)
        {
            await Until(() => harness.Kubelets.Requests.Count == step + 1, $"request {step + 1} was sent");
            await Task.Delay(10);
            sentOverTime.Add(harness.Kubelets.Requests.Count);
            harness.Time.Advance(TimeSpan.FromMilliseconds(8));
        }

        harness.Time.Advance(TimeSpan.FromSeconds(2));
        var result = await Promptly(round);

        Assert.Multiple(() =>
        {
            Assert.That(sentOverTime, Is.EqualTo(new[] { 1, 2, 3, 4 }), "one more request every 8 ms (32 ms spread for 4 nodes)");
            Assert.That(result.Scraped, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task The_stagger_is_capped()
    {
        using var harness = new ScraperHarness(FiveSecondTimeout, maxStagger: TimeSpan.FromMilliseconds(10));
        harness.AddKubelets(Answers(TimeSpan.Zero), "node1", "node2", "node3", "node4");
        harness.Client.Configure(FiveSecondTimeout);

        var round = harness.Round.RunAsync(Targets(4), 4, FiveSecondTimeout, TimeSpan.FromSeconds(10), CancellationToken.None);
        await Until(() => harness.Kubelets.Requests.Count == 1, "the first request was sent");
        harness.Time.Advance(TimeSpan.FromMilliseconds(10));
        var result = await Promptly(round);

        Assert.That(result.Scraped, Is.EqualTo(4), "all nodes started within the 10 ms cap");
    }

    [Test]
    public async Task A_worker_reuses_its_timeout_and_it_still_fires_on_the_injected_clock()
    {
        var oneWorker = FiveSecondTimeout with { MaxConcurrency = 1 };
        using var harness = new ScraperHarness(oneWorker);
        harness.AddKubelets(Answers(TimeSpan.Zero), "node1");
        harness.Client.Configure(oneWorker);
        await Promptly(harness.Round.RunAsync(Targets(1), 1, oneWorker, TimeSpan.FromSeconds(10), CancellationToken.None));

        harness.SetKubelet("node1", Answers(TimeSpan.FromSeconds(60)));
        var round = harness.Round.RunAsync(Targets(1), 1, oneWorker, TimeSpan.FromSeconds(10), CancellationToken.None);
        await Until(() => harness.Kubelets.InFlight == 1, "the second request is in flight");
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        var result = await Promptly(round);

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.EqualTo(1));
            Assert.That(harness.State("node1").LastFailure!.Value.Reason, Is.EqualTo("timeout after 5s"));
        });
    }

    [Test]
    public async Task Stopping_cancels_the_round_without_recording_failures()
    {
        using var harness = new ScraperHarness(FiveSecondTimeout);
        harness.AddKubelets(Answers(TimeSpan.FromSeconds(4)), "node1", "node2");
        harness.Client.Configure(FiveSecondTimeout);
        using var stop = new CancellationTokenSource();

        var round = harness.Round.RunAsync(Targets(2), 2, FiveSecondTimeout, TimeSpan.FromSeconds(10), stop.Token);
        await Until(() => harness.Kubelets.InFlight == 2, "requests are in flight");
        await stop.CancelAsync();

        Assert.That(async () => await Promptly(round), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(harness.Sink.Failed, Is.Empty);
    }

    [Test]
    public async Task An_empty_round_completes_immediately()
    {
        using var harness = new ScraperHarness(FiveSecondTimeout);

        var result = await Promptly(harness.Round.RunAsync([], 0, FiveSecondTimeout, TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.That(result, Is.EqualTo(new ScrapeRoundResult(0, 0, TimeSpan.Zero)));
    }
}
