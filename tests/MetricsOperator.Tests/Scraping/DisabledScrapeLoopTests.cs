using MetricsOperator.Scraping;
using static MetricsOperator.Tests.Scraping.ScraperHarness;

namespace MetricsOperator.Tests.Scraping;

/// <summary>Without an active MetricsBackend the loop scrapes nothing, and starts at once when one appears.</summary>
public sealed class DisabledScrapeLoopTests
{
    private static KubeletBehaviour Answers() => new() { Delay = TimeSpan.Zero, Body = KubeletBodies.NodeOnly };

    [Test]
    public async Task A_disabled_round_asks_no_kubelet_and_forgets_the_node_states()
    {
        using var harness = new ScraperHarness();
        harness.AddKubelets(Answers(), "node1", "node3");
        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));
        var statesBefore = harness.States.Summarize().Scraped;

        harness.Settings.Disable();
        var result = await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        Assert.That(statesBefore, Is.EqualTo(2));
        Assert.That(result, Is.EqualTo(new ScrapeRoundResult(0, 0, TimeSpan.Zero)));
        Assert.That(harness.Sink.StoreCalls, Is.EqualTo(2), "only the enabled round stored anything");
        Assert.That(harness.States.Summarize().Scraped, Is.Zero);
    }

    [Test]
    public async Task Enabling_wakes_an_idle_loop_without_waiting_for_the_next_tick()
    {
        using var harness = new ScraperHarness();
        harness.AddKubelets(Answers(), "node1");
        harness.Settings.Disable();
        using var stop = new CancellationTokenSource();
        var loop = harness.Loop.RunAsync(stop.Token);
        try
        {
            // The first (idle) round ran at start; the next tick is a whole resolution away on the fake clock.
            await Task.Delay(100);
            Assert.That(harness.Sink.StoreCalls, Is.Zero);

            harness.Settings.Update(harness.Settings.Current);
            await Until(() => harness.Sink.StoreCalls == 1, "the node is scraped right after enabling");
        }
        finally
        {
            await stop.CancelAsync();
            await Promptly(loop);
        }
    }
}
