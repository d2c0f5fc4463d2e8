using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Reconciliation;
using MetricsOperator.Reconciliation.Spec;

namespace MetricsOperator.Hosting.Following;

/// <summary>
/// Keeps this replica (leader or not) configured from the active MetricsBackend: re-evaluates on every change the
/// MetricsBackend informer sees and once per resolution besides (which also picks up a changed kubelet CA Secret),
/// so a change takes effect within one resolution, without a restart.
/// </summary>
internal sealed partial class ActiveBackendFollower : BackgroundService, IInformerEventHandler<MetricsBackend>
{
    private readonly InformerCache<MetricsBackend> _backends;
    private readonly Func<CancellationToken, Task> _waitForSync;
    private readonly ReplicaBackend _replica;
    private readonly IKubeletCaSecretReader _caReader;
    private readonly DevelopmentMode _development;
    private readonly Func<TimeSpan> _recheckInterval;
    private readonly TimeProvider _time;
    private readonly ILogger<ActiveBackendFollower> _logger;
    private readonly SemaphoreSlim _changed = new(0, 1);

    public ActiveBackendFollower(
        InformerCache<MetricsBackend> backends,
        Func<CancellationToken, Task> waitForSync,
        ReplicaBackend replica,
        IKubeletCaSecretReader caReader,
        DevelopmentMode development,
        Func<TimeSpan> recheckInterval,
        TimeProvider time,
        ILogger<ActiveBackendFollower> logger)
    {
        _backends = backends;
        _waitForSync = waitForSync;
        _replica = replica;
        _caReader = caReader;
        _development = development;
        _recheckInterval = recheckInterval;
        _time = time;
        _logger = logger;
        backends.AddEventHandler(this);
    }

    public void OnAdded(MetricsBackend item) => Signal();

    public void OnUpdated(MetricsBackend previous, MetricsBackend current) => Signal();

    public void OnDeleted(MetricsBackend item) => Signal();

    /// <summary>Applies what the cached MetricsBackends ask for now.</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        var active = ActiveBackendSelector.Select(_backends.List());
        if (active is null)
        {
            _replica.Stop("no MetricsBackend exists (or every one is being deleted)");
            return;
        }

        var name = active.Metadata.Name;
        var result = BackendSpecInterpreter.Interpret(active.Spec, _development);
        if (result.Settings is not { } settings)
        {
            _replica.Stop($"MetricsBackend {name} is invalid: {string.Join("; ", result.Errors)}");
            return;
        }

        var scrape = settings.Scrape;
        if (settings.KubeletCaSecret is { } reference)
        {
            var ca = await _caReader.ReadAsync(reference, cancellationToken).ConfigureAwait(false);
            if (ca.Pem is null)
            {
                if (ca.Transient && _replica.Following == name)
                {
                    LogCaUnavailable(name, ca.Problem ?? string.Empty);
                    return;
                }

                _replica.Stop($"MetricsBackend {name}: no kubelet CA: {ca.Problem}");
                return;
            }

            scrape = scrape with { KubeletCaBundlePem = ca.Pem };
        }

        _replica.Follow(name, scrape, settings.ServeSwap);
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _waitForSync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EvaluateAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug here must not stop the replica from following later changes.
                LogEvaluationFailed(e);
            }

            await WaitForChangeAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A re-evaluation is already pending; it will see this change too.
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    private async Task WaitForChangeAsync(CancellationToken stoppingToken)
    {
        using var recheck = new CancellationTokenSource(_recheckInterval(), _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, recheck.Token);
        try
        {
            await _changed.WaitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The periodic re-check.
        }
    }

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "MetricsBackend {Backend}: the kubelet CA Secret could not be read ({Problem}); keeping the current settings")]
    private partial void LogCaUnavailable(string backend, string problem);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Error, Message = "Applying the active MetricsBackend failed; retrying at the next change or re-check")]
    private partial void LogEvaluationFailed(Exception exception);
}
