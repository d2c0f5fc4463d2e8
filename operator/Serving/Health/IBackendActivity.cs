namespace MetricsOperator.Serving.Health;

/// <summary>Whether a MetricsBackend is active, i.e. whether this process is expected to scrape and serve metrics.</summary>
internal interface IBackendActivity
{
    bool IsActive { get; }
}

/// <summary>
/// A settable <see cref="IBackendActivity"/>. Active by default: until the operator reconciles MetricsBackend
/// resources, the process is a metrics backend and must have metrics before it reports ready.
/// </summary>
internal sealed class BackendActivity(bool active = true) : IBackendActivity
{
    private volatile bool _active = active;

    public bool IsActive => _active;

    public void Set(bool active) => _active = active;
}
