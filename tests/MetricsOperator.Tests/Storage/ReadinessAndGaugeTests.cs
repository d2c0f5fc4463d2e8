using System.Diagnostics.Metrics;
using MetricsOperator.Storage;
using static MetricsOperator.Tests.Storage.PayloadBuilder;

namespace MetricsOperator.Tests.Storage;

/// <summary>Readiness (S29) and the storage points gauge (S9, S18).</summary>
public sealed class ReadinessAndGaugeTests
{
    private static PayloadBuilder NodeAndPod(double nodeAt, double nodeCoreSeconds, double podAt, double podCoreSeconds) =>
        new PayloadBuilder()
            .Node(At(nodeAt), CoreSeconds(nodeCoreSeconds), 2 * MiB)
            .Pod("ns1", "pod1", new ContainerPoint("container1", At(podAt), At(0), CoreSeconds(podCoreSeconds), 4 * MiB));

    [Test]
    public void Ready_only_when_both_a_node_and_a_pod_have_a_prev()
    {
        var harness = new StoreHarness();
        harness.Put(NodeAndPod(10, 10, 120, 1));
        Assert.That(harness.Store.IsReady, Is.False);

        harness.Put(NodeAndPod(20, 20, 125, 6));
        Assert.That(harness.Store.IsReady, Is.True);
    }

    [Test]
    public void Nodes_alone_never_make_the_store_ready()
    {
        var harness = new StoreHarness();
        harness.Put(new PayloadBuilder().Node(At(10), CoreSeconds(10), 2 * MiB));
        harness.Put(new PayloadBuilder().Node(At(20), CoreSeconds(20), 2 * MiB));

        Assert.That(harness.Store.IsReady, Is.False);
        Assert.That(harness.Node("node1"), Is.Not.Null);
    }

    [Test]
    public void Pods_alone_never_make_the_store_ready()
    {
        var harness = new StoreHarness();
        var container = new ContainerPoint("container1", At(120), At(0), CoreSeconds(1), 4 * MiB);
        harness.Put(new PayloadBuilder().Pod("ns1", "pod1", container));
        harness.Put(new PayloadBuilder().Pod("ns1", "pod1", container with { TimestampUnixNano = At(125), CpuNanoCoreSeconds = CoreSeconds(6) }));

        Assert.That(harness.Store.IsReady, Is.False);
        Assert.That(harness.Pod("ns1", "pod1"), Is.Not.Null);
    }

    [Test]
    public void Points_gauge_has_no_series_before_the_first_store_then_counts_points_with_prev()
    {
        var harness = new StoreHarness();
        using var meterFactory = new TestMeterFactory();
        _ = new StorageInstruments(meterFactory, harness.Store);
        using var gauges = new GaugeReader(meterFactory.Meters.Single(m => m.Name == StorageInstruments.MeterName));

        Assert.That(gauges.Read(StorageInstruments.PointsInstrument), Is.Empty);

        harness.Put(NodeAndPod(10, 10, 120, 1));
        Assert.That(gauges.Read(StorageInstruments.PointsInstrument), Is.EquivalentTo(new Dictionary<string, int> { ["node"] = 0, ["container"] = 0 }));

        harness.Put(new PayloadBuilder()
            .Node(At(20), CoreSeconds(20), 2 * MiB)
            .Pod("ns1", "pod1", new ContainerPoint("container1", At(125), At(0), CoreSeconds(6), 4 * MiB), new ContainerPoint("b", At(125), At(0), CoreSeconds(6), 4 * MiB)));
        Assert.That(gauges.Read(StorageInstruments.PointsInstrument), Is.EquivalentTo(new Dictionary<string, int> { ["node"] = 1, ["container"] = 1 }));
        Assert.That(gauges.Read(StorageInstruments.PodsInstrument), Is.EquivalentTo(new Dictionary<string, int> { [string.Empty] = 1 }));
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        public List<Meter> Meters { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Meters)
            {
                meter.Dispose();
            }
        }
    }

    /// <summary>Collects the current values of observable gauges of one meter, keyed by their "type" tag.</summary>
    private sealed class GaugeReader : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, Dictionary<string, int>> _values = [];

        public GaugeReader(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
            {
                var type = string.Empty;
                foreach (var tag in tags)
                {
                    type = tag.Key == "type" ? (string)tag.Value! : type;
                }

                if (!_values.TryGetValue(instrument.Name, out var byType))
                {
                    _values[instrument.Name] = byType = [];
                }

                byType[type] = value;
            });
            _listener.Start();
        }

        public Dictionary<string, int> Read(string instrumentName)
        {
            _values.Clear();
            _listener.RecordObservableInstruments();
            return _values.GetValueOrDefault(instrumentName) ?? [];
        }

        public void Dispose() => _listener.Dispose();
    }
}
