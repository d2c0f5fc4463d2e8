using System.Diagnostics.Metrics;
using MetricsOperator.Serving.Diagnostics;

namespace MetricsOperator.Tests.Serving.Diagnostics;

/// <summary>How instruments without an override are exposed, and the collector's isolation and bookkeeping.</summary>
public sealed class OperatorMetricsCollectorTests
{
    [Test]
    public void Instruments_without_an_override_get_derived_names_types_help_and_buckets()
    {
        using var harness = new CollectorHarness();
        var meter = harness.Meters.Create("MetricsOperator.Test");
        meter.CreateCounter<long>("metrics_operator.test.things", "{thing}", "Things seen").Add(3);
        meter.CreateHistogram("metrics_operator.test.latency", "s", "Latency", null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] })
            .Record(0.5);
        meter.CreateUpDownCounter<int>("metrics_operator.test.open", "{connection}", "Open connections").Add(2);
        meter.CreateGauge<double>("metrics_operator.test.temperature", "Cel", "Temperature").Record(21.5);
        meter.CreateObservableCounter("metrics_operator.test.bytes", () => 4096L, "By", "Bytes read");

        var families = PrometheusExposition.Parse(harness.Scrape());

        Assert.Multiple(() =>
        {
            Assert.That(Describe(families, "metrics_operator_test_things_total"), Is.EqualTo(("counter", "3")));
            Assert.That(Describe(families, "metrics_operator_test_open"), Is.EqualTo(("gauge", "2")));
            Assert.That(Describe(families, "metrics_operator_test_temperature"), Is.EqualTo(("gauge", "21.5")));
            Assert.That(Describe(families, "metrics_operator_test_bytes_total"), Is.EqualTo(("counter", "4096")));
            var latency = families["metrics_operator_test_latency_seconds"];
            Assert.That(latency.Type, Is.EqualTo("histogram"));
            Assert.That(
                latency.Samples.Where(s => s.Labels.ContainsKey("le")).Select(s => (s.Labels["le"], s.Value)),
                Is.EqualTo(new[] { ("0.1", 0d), ("1", 1d), ("+Inf", 1d) }));
        });
        Assert.That(harness.Scrape(), Does.Contain("# HELP metrics_operator_test_things_total Things seen\n"));
    }

    [Test]
    public void Tags_in_any_order_make_one_series_and_odd_label_text_survives_escaping()
    {
        using var harness = new CollectorHarness();
        var counter = harness.Meters.Create("MetricsOperator.Test").CreateCounter<long>("metrics_operator.test.things");
        const string Odd = "quote\" backslash\\ newline\n ünïcode";

        counter.Add(1, new("a", "1"), new("b", Odd));
        counter.Add(2, new("b", Odd), new("a", "1"));
        counter.Add(4, new KeyValuePair<string, object?>("http.route", "/x"), new("flag", true), new("number", 7));

        var samples = PrometheusExposition.Parse(harness.Scrape())["metrics_operator_test_things_total"].Samples;
        Assert.That(samples, Has.Count.EqualTo(2));
        Assert.That(samples.Single(s => s.Labels.ContainsKey("a")).Labels["b"], Is.EqualTo(Odd));
        Assert.That(samples.Single(s => s.Labels.ContainsKey("a")).Value, Is.EqualTo(3));
        Assert.That(
            samples.Single(s => s.Labels.ContainsKey("http_route")).Labels,
            Is.EquivalentTo(new Dictionary<string, string> { ["http_route"] = "/x", ["flag"] = "true", ["number"] = "7" }));
    }

    [Test]
    public void Only_our_meters_from_our_factory_are_exposed()
    {
        using var harness = new CollectorHarness();
        using var otherFactory = new ScopedMeterFactory();
        otherFactory.Create("MetricsOperator.Test").CreateCounter<long>("metrics_operator.test.elsewhere").Add(1);
        harness.Meters.Create("MetricsOperatorX").CreateCounter<long>("metrics_operator.test.lookalike").Add(1);
        harness.Meters.Create("System.Net.Http").CreateCounter<long>("http.client.requests").Add(1);
        harness.Meters.Create("MetricsOperator").CreateCounter<long>("metrics_operator.root").Add(1);

        var names = PrometheusExposition.Parse(harness.Scrape()).Keys;

        Assert.That(names, Is.EquivalentTo(new[] { "metrics_operator_root_total" }));
    }

    [Test]
    public void A_disposed_meter_takes_its_families_away()
    {
        using var harness = new CollectorHarness();
        var meter = harness.Meters.Create("MetricsOperator.Test");
        meter.CreateCounter<long>("metrics_operator.test.things").Add(1);
        Assert.That(PrometheusExposition.Parse(harness.Scrape()).Keys, Does.Contain("metrics_operator_test_things_total"));

        meter.Dispose();

        Assert.That(PrometheusExposition.Parse(harness.Scrape()).Keys, Does.Not.Contain("metrics_operator_test_things_total"));
    }

    [Test]
    public void A_failing_observable_callback_leaves_the_other_families_intact()
    {
        using var harness = new CollectorHarness();
        var meter = harness.Meters.Create("MetricsOperator.Test");
        meter.CreateObservableGauge("metrics_operator.test.broken", new Func<long>(() => throw new InvalidOperationException("boom")));
        meter.CreateCounter<long>("metrics_operator.test.things").Add(5);

        var families = PrometheusExposition.Parse(harness.Scrape());

        Assert.That(families["metrics_operator_test_things_total"].Samples.Single().Value, Is.EqualTo(5));
        Assert.That(families["metrics_operator_test_broken"].Samples, Is.Empty);
    }

    [Test]
    public void Concurrent_recording_loses_nothing()
    {
        using var harness = new CollectorHarness();
        var counter = harness.Meters.Create("MetricsOperator.Test").CreateCounter<long>("metrics_operator.test.things");
        var histogram = harness.Meters.Create("MetricsOperator.Test").CreateHistogram<double>("metrics_operator.test.sizes");
        const int PerThread = 20_000;

        Parallel.For(0, 4, thread =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("shard", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                histogram.Record(1);
            }
        });

        var families = PrometheusExposition.Parse(harness.Scrape());
        Assert.That(families["metrics_operator_test_things_total"].Samples.Sum(s => s.Value), Is.EqualTo(4 * PerThread));
        Assert.That(families["metrics_operator_test_sizes"].Samples.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value, Is.EqualTo(4 * PerThread));
    }

    [Test]
    public void Recording_a_request_on_a_known_series_allocates_nothing()
    {
        using var harness = new CollectorHarness();
        var api = new ApiInstruments(harness.Meters);
        var request = ApiRequestClassifier.Classify("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/ns/pods", watch: false);
        api.RecordRequest(request, 200, TimeSpan.FromMilliseconds(1));
        api.RecordFreshness(TimeSpan.FromSeconds(3));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            api.RecordRequest(request, 200, TimeSpan.FromMilliseconds(1));
            api.RecordFreshness(TimeSpan.FromSeconds(3));
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Histogram_bounds_must_increase()
    {
        Assert.That(
            () => new HistogramFamily("x", "x", [1, 1]),
            Throws.ArgumentException.With.Message.Contains("strictly increasing"));
    }

    private static (string Type, string Value) Describe(IReadOnlyDictionary<string, PrometheusExposition.Family> families, string name) =>
        (families[name].Type, PrometheusFloatFormatter.Format(families[name].Samples.Single().Value));
}
