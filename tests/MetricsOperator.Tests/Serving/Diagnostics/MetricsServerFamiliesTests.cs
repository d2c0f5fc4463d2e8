using MetricsOperator.Scraping;
using MetricsOperator.Serving.Diagnostics;
using MetricsOperator.Storage;
using MetricsOperator.Tests.Fixtures;
using MetricsOperator.Tests.Storage;
using static MetricsOperator.Tests.Storage.PayloadBuilder;

namespace MetricsOperator.Tests.Serving.Diagnostics;

/// <summary>
/// metrics-server's six families come out under its names, help texts and buckets, fed by the real instruments
/// (E9 and the /metrics snippets of its unit tests, fixtures <c>api/metrics-*</c>).
/// </summary>
public sealed class MetricsServerFamiliesTests
{
    /// <summary>Go's zero time, which the reference's scraper test runs at.</summary>
    private static readonly DateTimeOffset GoZeroTime = DateTimeOffset.MinValue;

    [Test]
    public void E9_exactly_the_six_metrics_server_families_and_the_text_parses()
    {
        using var harness = new CollectorHarness();
        var states = new NodeScrapeStates();
        _ = new ScraperMetrics(harness.Meters, states);
        _ = new StorageInstruments(harness.Meters, new StoreHarness().Store);
        _ = new ApiInstruments(harness.Meters);

        var families = PrometheusExposition.Parse(harness.Scrape());
        var expected = File.ReadAllLines(SharedFixtures.Api("metrics-own-families.txt")).Where(line => line.Length > 0);

        Assert.That(families.Keys.Where(name => name.StartsWith("metrics_server_", StringComparison.Ordinal)), Is.EquivalentTo(expected));
    }

    [Test]
    public void S4_one_successful_one_second_scrape_of_node1()
    {
        using var harness = new CollectorHarness();
        var states = new NodeScrapeStates();
        var scraper = new ScraperMetrics(harness.Meters, states);

        scraper.RecordRequest(success: true, TimeSpan.FromSeconds(1));
        states.RecordSuccess("node1", GoZeroTime, TimeSpan.FromSeconds(1), payloadBytes: 100);

        var fixture = File.ReadAllText(SharedFixtures.Api("metrics-kubelet-scrape-one-node.prom"));
        var scrape = harness.Scrape();
        Assert.Multiple(() =>
        {
            foreach (var family in new[] { OperatorMetricFamilies.KubeletRequestTotal, OperatorMetricFamilies.KubeletLastRequestTime })
            {
                Assert.That(CollectorHarness.FamilyOf(scrape, family), Is.EqualTo(CollectorHarness.FamilyOf(fixture, family)), family);
            }

            // The scraper deliberately keeps the per-node label off the histogram (5,000 nodes would make 70,000
            // bucket lines); everything else about the family is the reference's.
            var withoutNode = CollectorHarness.FamilyOf(fixture, OperatorMetricFamilies.KubeletRequestDuration)
                .Replace("node=\"node1\",", string.Empty, StringComparison.Ordinal)
                .Replace("{node=\"node1\"}", string.Empty, StringComparison.Ordinal);
            Assert.That(CollectorHarness.FamilyOf(scrape, OperatorMetricFamilies.KubeletRequestDuration), Is.EqualTo(withoutNode));
        });
    }

    [Test]
    public void S9_storage_points_after_two_node_batches()
    {
        using var harness = new CollectorHarness();
        var store = new StoreHarness();
        _ = new StorageInstruments(harness.Meters, store.Store);

        store.Put(new PayloadBuilder().Node(At(10), CoreSeconds(10), 2 * MiB));
        store.Put(new PayloadBuilder().Node(At(20), CoreSeconds(20), 2 * MiB));

        Assert.That(
            harness.Family(OperatorMetricFamilies.StoragePoints),
            Is.EqualTo(File.ReadAllText(SharedFixtures.Api("metrics-storage-points-after-two-node-batches.prom"))));
    }

    [Test]
    public void S18_storage_points_after_two_pod_batches()
    {
        using var harness = new CollectorHarness();
        var store = new StoreHarness();
        _ = new StorageInstruments(harness.Meters, store.Store);

        store.Put(new PayloadBuilder().Pod("ns1", "pod1", Container("container1", 120, 1), Container("container2", 120, 1)));
        store.Put(new PayloadBuilder().Pod("ns1", "pod1", Container("container1", 125, 6), Container("container2", 125, 6)));

        Assert.That(
            harness.Family(OperatorMetricFamilies.StoragePoints),
            Is.EqualTo(File.ReadAllText(SharedFixtures.Api("metrics-storage-points-after-two-pod-batches.prom"))));
    }

    [Test]
    public void A9_freshness_of_three_items_ten_seconds_old()
    {
        using var harness = new CollectorHarness();
        var api = new ApiInstruments(harness.Meters);

        for (var i = 0; i < 3; i++)
        {
            api.RecordFreshness(TimeSpan.FromSeconds(10));
        }

        Assert.That(
            harness.Family(OperatorMetricFamilies.ApiMetricFreshness),
            Is.EqualTo(File.ReadAllText(SharedFixtures.Api("metrics-api-freshness-three-items-10s-old.prom"))));
    }

    [Test]
    public void A_node_that_leaves_takes_its_series_with_it()
    {
        using var harness = new CollectorHarness();
        var states = new NodeScrapeStates();
        _ = new ScraperMetrics(harness.Meters, states);
        states.RecordSuccess("node1", GoZeroTime, TimeSpan.FromSeconds(1), 100);
        states.RecordSuccess("node2", GoZeroTime, TimeSpan.FromSeconds(1), 100);
        Assert.That(NodesIn(harness.Scrape()), Is.EqualTo(new[] { "node1", "node2" }));

        states.RemoveAllExcept(new HashSet<string> { "node2" });

        Assert.That(NodesIn(harness.Scrape()), Is.EqualTo(new[] { "node2" }));
    }

    [TestCase(15, new[] { 12.5, 15, 22.5, 30 })]
    [TestCase(60, new[] { 35, 60, 90d, 120 })]
    public void H6_tick_buckets_extend_past_the_defaults_for_long_resolutions(int resolutionSeconds, double[] extra)
    {
        var buckets = OperatorMetricFamilies.ScrapeDurationBuckets(TimeSpan.FromSeconds(resolutionSeconds));

        Assert.That(buckets, Is.Ordered.Ascending.And.Unique);
        Assert.That(buckets, Is.EqualTo(OperatorMetricFamilies.DefaultBuckets.Concat(extra)));
    }

    [TestCase(5)]
    [TestCase(10)]
    public void H6_tick_buckets_are_the_defaults_up_to_ten_seconds(int resolutionSeconds)
    {
        var buckets = OperatorMetricFamilies.ScrapeDurationBuckets(TimeSpan.FromSeconds(resolutionSeconds));

        Assert.That(buckets, Is.EqualTo(OperatorMetricFamilies.DefaultBuckets).And.Contains((double)resolutionSeconds));
    }

    [Test]
    public void Tick_buckets_follow_a_changed_resolution()
    {
        var settings = new ScrapeSettingsSource(new ScrapeSettings { Resolution = TimeSpan.FromSeconds(15) });
        var services = new ServiceCollection().AddLogging().AddSingleton(settings).AddOperatorMetrics();
        using var provider = services.BuildServiceProvider();
        var collector = provider.GetRequiredService<OperatorMetricsCollector>();
        var scraper = new ScraperMetrics(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), new NodeScrapeStates());

        scraper.RecordRound(TimeSpan.FromSeconds(12), scraped: 1, failed: 0);
        var before = Bounds(collector);
        settings.Update(new ScrapeSettings { Resolution = TimeSpan.FromSeconds(60) });
        scraper.RecordRound(TimeSpan.FromSeconds(40), scraped: 1, failed: 0);
        var after = Bounds(collector);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.SupersetOf(new[] { "12.5", "15", "22.5", "30", "+Inf" }));
            Assert.That(after, Is.SupersetOf(new[] { "35", "60", "90", "120", "+Inf" }).And.No.Contains("22.5"));
        });
    }

    private static MetricsOperator.Tests.Storage.ContainerPoint Container(string name, double at, double coreSeconds) =>
        new(name, At(at), At(0), CoreSeconds(coreSeconds), 4 * MiB);

    private static string[] NodesIn(string exposition) =>
        PrometheusExposition.Parse(exposition)[OperatorMetricFamilies.KubeletLastRequestTime].Samples.Select(s => s.Labels["node"]).ToArray();

    private static string[] Bounds(OperatorMetricsCollector collector)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        collector.WriteTo(output);
        var family = PrometheusExposition.Parse(System.Text.Encoding.UTF8.GetString(output.WrittenSpan))[OperatorMetricFamilies.ManagerTickDuration];
        return family.Samples.Where(s => s.Labels.ContainsKey("le")).Select(s => s.Labels["le"]).ToArray();
    }
}
