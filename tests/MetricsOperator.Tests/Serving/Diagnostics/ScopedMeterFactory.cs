using System.Diagnostics.Metrics;

namespace MetricsOperator.Tests.Serving.Diagnostics;

/// <summary>An <see cref="IMeterFactory"/> whose meters carry it as their scope, like the host's factory does.</summary>
internal sealed class ScopedMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
