using System.Diagnostics.Metrics;

namespace MetricsOperator.Storage;

/// <summary>
/// The store's own metrics. <c>metrics_operator.storage.points</c> mirrors metrics-server's
/// <c>metrics_server_storage_points{type}</c>: nodes and containers that have a previous point. Like the reference,
/// it reports nothing before the first successful scrape was stored.
/// </summary>
internal sealed class StorageInstruments
{
    public const string MeterName = "MetricsOperator.Storage";
    public const string PointsInstrument = "metrics_operator.storage.points";
    public const string PodsInstrument = "metrics_operator.storage.pods";

    private static readonly KeyValuePair<string, object?> NodeType = new("type", "node");
    private static readonly KeyValuePair<string, object?> ContainerType = new("type", "container");

    private readonly MetricsStore _store;

    public StorageInstruments(IMeterFactory meterFactory, MetricsStore store)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge(
            PointsInstrument,
            ObservePoints,
            unit: "{point}",
            description: "Nodes and containers whose metrics have a previous point (servable)");
        meter.CreateObservableGauge(
            PodsInstrument,
            ObservePods,
            unit: "{pod}",
            description: "Pods held by the metrics store");
    }

    private IEnumerable<Measurement<int>> ObservePoints()
    {
        if (!_store.HasStored)
        {
            return [];
        }

        var counts = _store.Counts;
        return [new Measurement<int>(counts.NodesWithPrev, NodeType), new Measurement<int>(counts.ContainersWithPrev, ContainerType)];
    }

    private IEnumerable<Measurement<int>> ObservePods() =>
        _store.HasStored ? [new Measurement<int>(_store.Counts.Pods)] : [];
}
