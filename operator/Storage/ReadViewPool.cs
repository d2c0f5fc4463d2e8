using MetricsOperator.Scraping;

namespace MetricsOperator.Storage;

/// <summary>
/// Hands out <see cref="MetricsReadView"/>s and takes them back, so that a request costs no allocation once the
/// views' pin maps have grown. Lock-free: a few slots swapped atomically; a surplus view is left to the GC.
/// </summary>
internal sealed class ReadViewPool
{
    private const int RetainedViews = 16;

    private readonly NodeRegistry _nodes;
    private readonly PodIndex _pods;
    private readonly TimeProvider _time;
    private readonly ScrapeSettingsSource _settings;
    private readonly MetricsReadView?[] _idle = new MetricsReadView?[RetainedViews];

    public ReadViewPool(NodeRegistry nodes, PodIndex pods, TimeProvider time, ScrapeSettingsSource settings)
    {
        _nodes = nodes;
        _pods = pods;
        _time = time;
        _settings = settings;
    }

    public MetricsReadView Rent()
    {
        MetricsReadView? view = null;
        for (var i = 0; i < _idle.Length && view is null; i++)
        {
            view = Interlocked.Exchange(ref _idle[i], null);
        }

        view ??= new MetricsReadView(_nodes, _pods, this);
        view.Open(UnixClock.NowUnixNano(_time), _settings.Current.EffectiveStalenessBound.Ticks * TimeSpan.NanosecondsPerTick);
        return view;
    }

    public void Return(MetricsReadView view)
    {
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _idle[i], view, null) is null)
            {
                return;
            }
        }
    }
}
