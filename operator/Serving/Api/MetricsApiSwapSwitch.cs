using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// Turns <see cref="MetricsApiOptions.IncludeSwap"/> on and off at run time (from the active MetricsBackend):
/// configures the options and signals their change, so <c>IOptionsMonitor&lt;MetricsApiOptions&gt;</c> serves the
/// new value from the next request on.
/// </summary>
internal sealed class MetricsApiSwapSwitch : IConfigureOptions<MetricsApiOptions>, IOptionsChangeTokenSource<MetricsApiOptions>
{
    private readonly Lock _gate = new();
    private CancellationTokenSource _changed = new();
    private volatile bool _includeSwap;

    public string Name => Options.DefaultName;

    public bool IncludeSwap => _includeSwap;

    public void Set(bool includeSwap)
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            if (_includeSwap == includeSwap)
            {
                return;
            }

            _includeSwap = includeSwap;
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        // Not disposed: a monitor may still be registering on its token; without timers it holds nothing to free.
        previous.Cancel();
    }

    public void Configure(MetricsApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.IncludeSwap = _includeSwap;
    }

    public IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }
}
