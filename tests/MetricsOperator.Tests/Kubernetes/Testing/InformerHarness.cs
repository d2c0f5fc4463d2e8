using k8s.Models;
using MetricsOperator.Kubernetes.Informers;

namespace MetricsOperator.Tests.Kubernetes.Testing;

/// <summary>An informer over a scripted source, a real cache, a recording fake clock and a capturing logger.</summary>
internal sealed class InformerHarness : IAsyncDisposable
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    public static readonly InformerOptions Options = new()
    {
        PageSize = 2,
        ListTimeout = TimeSpan.FromMinutes(10),
        MinWatchTimeout = TimeSpan.FromMinutes(5),
        WatchdogPeriod = TimeSpan.FromMinutes(3),
        InitialBackoff = TimeSpan.FromSeconds(1),
        MaxBackoff = TimeSpan.FromSeconds(30),
        BackoffJitter = 0.2,
        MinimumWatchDuration = TimeSpan.FromSeconds(1),
    };

    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public InformerHarness(Func<V1ConfigMap, V1ConfigMap>? transform = null, InformerMetrics? metrics = null)
    {
        Source = new ScriptedListWatchSource<V1ConfigMap>(Time);
        Informer = new Informer<V1ConfigMap>(Source, Cache, Options, Time, Logger, metrics)
        {
            Random = new Random(20260101),
            Transform = transform,
        };
    }

    public ScriptedListWatchSource<V1ConfigMap> Source { get; }

    public InformerCache<V1ConfigMap> Cache { get; } = new();

    public RecordingTimeProvider Time { get; } = new();

    public CapturingLogger Logger { get; } = new();

    public Informer<V1ConfigMap> Informer { get; }

    public Task Run => _run ?? throw new InvalidOperationException("not started");

    public void Start() => _run = Informer.RunAsync(_stop.Token);

    /// <summary>The next backoff delay the informer waits for (timers longer than the backoff cap are its other timers).</summary>
    public Task<TimeSpan> NextBackoffAsync() => Time.NextTimerAsync(due => due > TimeSpan.Zero && due <= Options.MaxBackoff);

    public IReadOnlyList<string> CachedNames() => [.. Cache.List().Select(item => item.Metadata.Name).Order(StringComparer.Ordinal)];

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(Guard);
    }

    public async ValueTask DisposeAsync()
    {
        if (_run is not null && !_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
        Cache.Dispose();
    }
}
