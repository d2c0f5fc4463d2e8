using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Certificates;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.Controllers;
using MetricsOperator.Kubernetes.Events;
using MetricsOperator.Reconciliation.Spec;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// Reconciles one MetricsBackend (the key is its name). The active backend (the oldest not being deleted) gets its
/// children applied and a full status; any other gets Ready=False, Superseded and nothing else; a backend being
/// deleted gets its APIService removed or restored before its finalizer goes. Level-based: every call looks at the
/// whole current state, so a missed event costs nothing but time.
/// </summary>
internal sealed partial class MetricsBackendReconciler : IReconciler<string>
{
    /// <summary>Floor of the requeue delay, so a certificate review that is already due does not spin.</summary>
    private static readonly TimeSpan MinimumRequeue = TimeSpan.FromSeconds(1);

    private readonly IKubernetesResourceClient _client;
    private readonly IEventRecorder _events;
    private readonly IScrapeHealthSource _scrapeHealth;
    private readonly DevelopmentMode _developmentMode;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MetricsBackendReconciler> _logger;
    private readonly ChildApplier _children;
    private readonly BackendFinalizer _finalizer;
    private readonly StatusPublisher _status;

    public MetricsBackendReconciler(
        IKubernetesResourceClient client,
        IEventRecorder events,
        IScrapeHealthSource scrapeHealth,
        CertificateRotationPlanner planner,
        ReconcilerOptions options,
        DevelopmentMode developmentMode,
        TimeProvider timeProvider,
        ILogger<MetricsBackendReconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid reconciler options: " + string.Join("; ", problems), nameof(options));
        }

        _client = client ?? throw new ArgumentNullException(nameof(client));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _scrapeHealth = scrapeHealth ?? throw new ArgumentNullException(nameof(scrapeHealth));
        _developmentMode = developmentMode ?? throw new ArgumentNullException(nameof(developmentMode));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _children = new ChildApplier(client, events, planner, options);
        _finalizer = new BackendFinalizer(client, events);
        _status = new StatusPublisher(client, events);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var backends = await ApiCallFailedException.Guard(
            "list MetricsBackends",
            () => _client.ListAsync<MetricsBackend>(null, null, cancellationToken)).ConfigureAwait(false);
        var backend = backends.FirstOrDefault(b => b.Metadata?.Name == key);
        if (backend is null)
        {
            // Gone: garbage collection removes what it owned, and the finalizer already handled the APIService.
            Log.BackendGone(_logger, key);
            return ReconcileResult.Done;
        }

        if (backend.Metadata.DeletionTimestamp is not null)
        {
            await FinalizeAsync(backend, cancellationToken).ConfigureAwait(false);

            return ReconcileResult.Done;
        }

        var active = ActiveBackendSelector.Select(backends);
        var now = _timeProvider.GetUtcNow();
        if (active is null || active.Metadata.Name != key)
        {
            var superseded = BackendStatusBuilder.Superseded(backend, active?.Metadata.Name ?? "(none)", now.UtcDateTime);
            await _status.PublishAsync(backend, superseded, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var interpreted = BackendSpecInterpreter.Interpret(backend.Spec ?? new MetricsBackendSpec(), _developmentMode);
        if (interpreted.Settings is not { } settings || interpreted.Errors.Count > 0)
        {
            Log.InvalidSpec(_logger, key, string.Join("; ", interpreted.Errors));
            var invalid = BackendStatusBuilder.InvalidSpec(backend, interpreted.Errors, _scrapeHealth.Current(), now.UtcDateTime);
            await _status.PublishAsync(backend, invalid, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        return await ReconcileActiveAsync(backend, settings, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReconcileResult> ReconcileActiveAsync(MetricsBackend backend, BackendSettings settings, CancellationToken cancellationToken)
    {
        var report = new BackendReport { Scrape = _scrapeHealth.Current() };
        DateTimeOffset nextCertificateReview;
        try
        {
            nextCertificateReview = await _children.ApplyAsync(backend, settings, report, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiCallFailedException failure)
        {
            report.Failure ??= new ApiCallFailure(failure.Call, failure.ApiMessage, DuringCertificates: false);
            await ReportFailureAsync(backend, report, failure).ConfigureAwait(false);
            throw;
        }

        var now = _timeProvider.GetUtcNow();
        var status = BackendStatusBuilder.Active(backend, report, now.UtcDateTime);
        if (await _status.PublishAsync(backend, status, cancellationToken).ConfigureAwait(false))
        {
            Log.StatusUpdated(_logger, backend.Metadata.Name);
        }

        // Node counts move with every scrape round, so the status is refreshed once per resolution.
        var untilReview = nextCertificateReview - now;
        var delay = untilReview < settings.Scrape.Resolution ? untilReview : settings.Scrape.Resolution;
        return ReconcileResult.RequeueAfter(delay < MinimumRequeue ? MinimumRequeue : delay);
    }

    private async Task FinalizeAsync(MetricsBackend backend, CancellationToken cancellationToken)
    {
        try
        {
            if (await _finalizer.FinalizeAsync(backend, cancellationToken).ConfigureAwait(false))
            {
                Log.Finalized(_logger, backend.Metadata.Name);
            }
        }
        catch (ApiCallFailedException failure)
        {
            // A deletion stuck on its finalizer must say why where `kubectl get mb` and `kubectl describe` look.
            var report = new BackendReport { Failure = new ApiCallFailure(failure.Call, failure.ApiMessage, DuringCertificates: false) };
            await ReportFailureAsync(backend, report, failure).ConfigureAwait(false);
            throw;
        }
    }

    // The reason goes to the status and an event, not just the log; the caller's retry comes with backoff.
    private async Task ReportFailureAsync(MetricsBackend backend, BackendReport report, ApiCallFailedException failure)
    {
        Log.CallFailed(_logger, backend.Metadata.Name, failure.Call, failure.InnerException);
        _events.Record(backend, EventKind.Warning, ConditionReasons.KubernetesApiError, "Reconcile", failure.Message);
        var status = BackendStatusBuilder.Active(backend, report, _timeProvider.GetUtcNow().UtcDateTime);
        try
        {
            // Not cancellable: the failure should be visible even when the reconcile was cut short.
            await _status.PublishAsync(backend, status, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ApiCallFailedException statusFailure)
        {
            Log.CallFailed(_logger, backend.Metadata.Name, statusFailure.Call, statusFailure.InnerException);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "MetricsBackend {Name} no longer exists; nothing to reconcile", EventName = "BackendGone")]
        public static partial void BackendGone(ILogger logger, string name);

        [LoggerMessage(2, LogLevel.Information, "Finalized MetricsBackend {Name}", EventName = "BackendFinalized")]
        public static partial void Finalized(ILogger logger, string name);

        [LoggerMessage(3, LogLevel.Warning, "MetricsBackend {Name} has an invalid spec: {Errors}", EventName = "InvalidSpec")]
        public static partial void InvalidSpec(ILogger logger, string name, string errors);

        [LoggerMessage(4, LogLevel.Information, "Updated the status of MetricsBackend {Name}", EventName = "StatusUpdated")]
        public static partial void StatusUpdated(ILogger logger, string name);

        [LoggerMessage(5, LogLevel.Warning, "Reconciling MetricsBackend {Name}: {Call} failed", EventName = "ApiCallFailed")]
        public static partial void CallFailed(ILogger logger, string name, string call, Exception? error);
    }
}
