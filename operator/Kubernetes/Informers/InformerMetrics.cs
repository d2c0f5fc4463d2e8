using System.Diagnostics;
using System.Diagnostics.Metrics;
using k8s;

namespace MetricsOperator.Kubernetes.Informers;

/// <summary>Counters of all informers, tagged with the resource: lists, events, watch errors and watch restarts.</summary>
internal sealed class InformerMetrics
{
    public const string MeterName = "MetricsOperator.Kubernetes";

    private readonly Counter<long> _lists;
    private readonly Counter<long> _events;
    private readonly Counter<long> _watchErrors;
    private readonly Counter<long> _watchRestarts;

    public InformerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _lists = meter.CreateCounter<long>("metrics_operator.informer.lists", "{list}", "Completed LISTs (initial sync and relists)");
        _events = meter.CreateCounter<long>("metrics_operator.informer.events", "{event}", "Watch events applied, by type");
        _watchErrors = meter.CreateCounter<long>("metrics_operator.informer.watch.errors", "{error}", "Watch ERROR events, by status code");
        _watchRestarts = meter.CreateCounter<long>("metrics_operator.informer.watch.restarts", "{restart}", "Watches restarted, by reason");
    }

    public void Listed(string resource) => _lists.Add(1, new KeyValuePair<string, object?>("resource", resource));

    public void EventApplied(string resource, WatchEventType type)
    {
        if (_events.Enabled)
        {
            _events.Add(1, new TagList { { "resource", resource }, { "type", NameOf(type) } });
        }
    }

    public void WatchError(string resource, int? code) =>
        _watchErrors.Add(1, new TagList { { "resource", resource }, { "code", code ?? 0 } });

    /// <summary><paramref name="reason"/>: closed, watchdog, expired, error.</summary>
    public void WatchRestarted(string resource, string reason) =>
        _watchRestarts.Add(1, new TagList { { "resource", resource }, { "reason", reason } });

    private static string NameOf(WatchEventType type) => type switch
    {
        WatchEventType.Added => "added",
        WatchEventType.Modified => "modified",
        WatchEventType.Deleted => "deleted",
        WatchEventType.Bookmark => "bookmark",
        _ => "error",
    };
}
