using System.Diagnostics.Metrics;
using MetricsOperator.Scraping;
using MetricsOperator.Storage;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// Listens to the scraper's and the store's instruments the way a metrics exporter would, so their recording cost is
/// part of the measurement, and counts kubelet requests by outcome as a cross-check of the round results.
/// </summary>
internal sealed class ScraperMeterTally : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _requestsOk;
    private long _requestsFailed;
    private long _measurements;

    public ScraperMeterTally()
    {
        _listener.InstrumentPublished = static (instrument, listener) =>
        {
            if (instrument.Meter.Name is ScraperMetrics.MeterName or StorageInstruments.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.SetMeasurementEventCallback<int>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _listener.Start();
    }

    public long RequestsOk => Interlocked.Read(ref _requestsOk);

    public long RequestsFailed => Interlocked.Read(ref _requestsFailed);

    public void Dispose() => _listener.Dispose();

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        Interlocked.Increment(ref _measurements);
        if (instrument.Name != "metrics_operator.kubelet.requests")
        {
            return;
        }

        foreach (var tag in tags)
        {
            if (tag.Key == "success")
            {
                Interlocked.Add(ref "true".Equals(tag.Value) ? ref _requestsOk : ref _requestsFailed, value);
                return;
            }
        }
    }
}
