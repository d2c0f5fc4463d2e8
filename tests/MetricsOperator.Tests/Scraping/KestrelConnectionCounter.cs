using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace MetricsOperator.Tests.Scraping;

/// <summary>
/// Counts connections the kubelet farm accepted, per local (node) address, from Kestrel's own
/// <c>kestrel.active_connections</c> instrument: every accepted connection adds one.
/// </summary>
internal sealed class KestrelConnectionCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _opened = new(StringComparer.Ordinal);

    public KestrelConnectionCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.AspNetCore.Server.Kestrel" && instrument.Name == "kestrel.active_connections")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (value <= 0)
            {
                return;
            }

            foreach (var tag in tags)
            {
                if (tag.Key == "server.address" && tag.Value is string address)
                {
                    _opened.AddOrUpdate(address, 1, (_, count) => count + 1);
                }
            }
        });
        _listener.Start();
    }

    public int OpenedTo(string address) => _opened.TryGetValue(address, out var count) ? count : 0;

    public void Dispose() => _listener.Dispose();
}
