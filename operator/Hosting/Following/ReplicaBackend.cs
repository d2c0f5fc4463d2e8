using MetricsOperator.Scraping;
using MetricsOperator.Serving.Api;
using MetricsOperator.Serving.Health;
using MetricsOperator.Storage;

namespace MetricsOperator.Hosting.Following;

/// <summary>
/// This replica's side of the active MetricsBackend: the scraper's settings, whether swap is served, and whether
/// there is a backend at all. Without one the replica scrapes nothing and serves nothing (the metrics endpoints
/// answer as with no data), while health endpoints report it ready: there is nothing to wait for.
/// </summary>
internal sealed partial class ReplicaBackend(
    ScrapeSettingsSource scrape, MetricsApiSwapSwitch swap, BackendActivity activity, MetricsStore store, ILogger<ReplicaBackend> logger)
{
    private readonly Lock _gate = new();
    private string? _following;
    private bool _servingSwap;
    private string? _stoppedReason;

    /// <summary>The MetricsBackend whose settings this replica runs with, or null.</summary>
    public string? Following
    {
        get
        {
            lock (_gate)
            {
                return _following;
            }
        }
    }

    /// <summary>Runs with <paramref name="settings"/>; false (and stopped) when the scraper refuses them.</summary>
    public bool Follow(string backendName, ScrapeSettings settings, bool serveSwap)
    {
        ArgumentException.ThrowIfNullOrEmpty(backendName);
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            if (_following == backendName && scrape.IsEnabled && _servingSwap == serveSwap && SameSettings(scrape.Current, settings))
            {
                return true;
            }

            try
            {
                scrape.Update(settings);
            }
            catch (ArgumentException e)
            {
                StopLocked($"MetricsBackend {backendName}: the scraper refuses its settings: {e.Message}");
                return false;
            }

            swap.Set(serveSwap);
            activity.Set(true);
            _following = backendName;
            _servingSwap = serveSwap;
            _stoppedReason = null;
            LogFollowing(backendName, GoDuration.Format(settings.Resolution), settings.NodeSelector, serveSwap);
            return true;
        }
    }

    /// <summary>Stops scraping and serving; <paramref name="reason"/> is logged when it differs from the last one.</summary>
    public void Stop(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        lock (_gate)
        {
            StopLocked(reason);
        }
    }

    // Every field but the list compares by value; the list is compared item by item, so re-reading an unchanged
    // spec does not count as a change (and does not rebuild the kubelet transport).
    private static bool SameSettings(ScrapeSettings current, ScrapeSettings next) =>
        current.PreferredAddressTypes.SequenceEqual(next.PreferredAddressTypes)
        && current == next with { PreferredAddressTypes = current.PreferredAddressTypes };

    private void StopLocked(string reason)
    {
        var wasRunning = scrape.IsEnabled || activity.IsActive;
        scrape.Disable();
        activity.Set(false);
        swap.Set(false);
        _following = null;
        _servingSwap = false;
        if (wasRunning)
        {
            store.Clear();
        }

        if (reason != _stoppedReason)
        {
            _stoppedReason = reason;
            LogStopped(reason);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Following MetricsBackend {Backend}: resolution {Resolution}, node selector \"{NodeSelector}\", swap served: {Swap}")]
    private partial void LogFollowing(string backend, string resolution, string nodeSelector, bool swap);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Scraping and serving nothing: {Reason}")]
    private partial void LogStopped(string reason);
}
