using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MetricsOperator.Kubernetes.Controllers;

/// <summary>Reconcile counts, errors and durations, and the ready-queue depth, per controller.</summary>
internal sealed class ControllerMetrics
{
    public const string MeterName = "MetricsOperator.Controllers";

    private readonly Counter<long> _reconciles;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _duration;
    private readonly ConcurrentDictionary<string, Func<int>> _depths = new();

    public ControllerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _reconciles = meter.CreateCounter<long>("metrics_operator.controller.reconciles", "{reconcile}", "Reconciles, by controller and result (success, requeue, error)");
        _errors = meter.CreateCounter<long>("metrics_operator.controller.reconcile.errors", "{error}", "Reconciles that threw, by controller");
        _duration = meter.CreateHistogram<double>("metrics_operator.controller.reconcile.duration", "s", "Time spent in a reconcile, by controller");
        meter.CreateObservableGauge("metrics_operator.controller.queue.depth", ObserveDepths, "{key}", "Keys ready to be reconciled, by controller");
    }

    /// <summary>Reports <paramref name="depth"/> as the queue depth of <paramref name="controller"/>.</summary>
    public void TrackQueue(string controller, Func<int> depth) => _depths[controller] = depth;

    public void Reconciled(string controller, string result, TimeSpan elapsed)
    {
        var tags = new TagList { { "controller", controller }, { "result", result } };
        _reconciles.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("controller", controller));
        if (result == "error")
        {
            _errors.Add(1, new KeyValuePair<string, object?>("controller", controller));
        }
    }

    private IEnumerable<Measurement<int>> ObserveDepths() =>
        _depths.Select(entry => new Measurement<int>(entry.Value(), new KeyValuePair<string, object?>("controller", entry.Key)));
}
