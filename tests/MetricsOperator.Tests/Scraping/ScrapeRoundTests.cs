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
    public async Task Only_the_opening_burst_is_staggered_then_the_concurrency_bound_paces_the_round()
    {
        var twoWorkers = FiveSecondTimeout with { MaxConcurrency = 2 };
        using var harness = new ScraperHarness(twoWorkers, maxStagger: TimeSpan.FromSeconds(1));
        harness.AddKubelets(Answers(TimeSpan.Zero), "node1", "node2", "node3", "node4", "node5", "node6");
        harness.Client.Configure(twoWorkers);

        // Spread 6 × 8 ms = 48 ms: the two workers' first nodes start at 0 and 8 ms and nothing waits after that, so
        // the round ends well before 24 ms (a stagger for every node would hold the last one until 40 ms).
        var round = harness.Round.RunAsync(Targets(6), 6, twoWorkers, TimeSpan.FromSeconds(10), CancellationToken.None);
        await Until(() => harness.Kubelets.Requests.Count >= 1, "the first request was sent");
        await AdvanceInSteps(harness, TimeSpan.FromMilliseconds(24));
        var result = await Promptly(round);

        Assert.That(result.Scraped, Is.EqualTo(6));
    }

    [Test]
    public async Task The_stagger_is_capped()
    {
        using var harness = new ScraperHarness(FiveSecondTimeout, maxStagger: TimeSpan.FromMilliseconds(10));
        harness.AddKubelets(Answers(TimeSpan.Zero), "node1", "node2", "node3", "node4");
        harness.Client.Configure(FiveSecondTimeout);

        var round = harness.Round.RunAsync(Targets(4), 4, FiveSecondTimeout, TimeSpan.FromSeconds(10), CancellationToken.None);
        await Until(() => harness.Kubelets.Requests.Count >= 1, "the first request was sent");
        await AdvanceInSteps(harness, TimeSpan.FromMilliseconds(10));
        var result = await Promptly(round);

        Assert.That(result.Scraped, Is.EqualTo(4), "all nodes started within the 10 ms cap");
    }

    // Millisecond steps with a real pause between them, so a worker that registers its delay late still sees
    // the clock move past its start time.
    private static async Task AdvanceInSteps(ScraperHarness harness, TimeSpan total)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += TimeSpan.FromMilliseconds(1))
        {
            harness.Time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Delay(2);
        }
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
    public async Task A_finished_round_leaves_no_timer_armed_and_the_next_round_still_times_out()
    {
        // Timers left armed after a round fire while the process is otherwise idle (64 workers' timeouts a
        // timeout's length after every round): an idle scraper must not wake up.
        var twoWorkers = FiveSecondTimeout with { MaxConcurrency = 2 };
        using var harness = new ScraperHarness(twoWorkers);
        var time = new ArmedTimerCounter(harness.Time);
        using var round = new ScrapeRound(harness.Client, KubeletPayloadDecoderAdapter.Factory, harness.Recorder, time, TimeSpan.FromMilliseconds(16));
        harness.AddKubelets(Answers(TimeSpan.Zero), "node1", "node2", "node3", "node4");
        harness.Client.Configure(twoWorkers);

        var first = round.RunAsync(Targets(4), 4, twoWorkers, TimeSpan.FromSeconds(10), CancellationToken.None);
        await Until(() => harness.Kubelets.Requests.Count >= 1, "the first request was sent");
        await AdvanceInSteps(harness, TimeSpan.FromMilliseconds(16));
        var scraped = await Promptly(first);
        var armedAfterRound = time.Armed;

        harness.SetKubelet("node1", Answers(TimeSpan.FromSeconds(60)));
        var second = round.RunAsync(Targets(1), 1, twoWorkers, TimeSpan.FromSeconds(10), CancellationToken.None);
        await Until(() => harness.Kubelets.InFlight == 1, "the slow request is in flight");
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        var timedOut = await Promptly(second);

        Assert.Multiple(() =>
        {
            Assert.That(scraped.Scraped, Is.EqualTo(4));
            Assert.That(armedAfterRound, Is.Zero, "timers armed after the round");
            Assert.That(timedOut.Failed, Is.EqualTo(1), "the reused timeout still fires");
            Assert.That(harness.State("node1").LastFailure!.Value.Reason, Is.EqualTo("timeout after 5s"));
            Assert.That(time.Armed, Is.Zero, "timers armed after the timed-out round");
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
