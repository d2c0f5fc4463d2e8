using MetricsOperator.Serving.Authentication;

namespace MetricsOperator.Serving.Authorization;

/// <summary>
/// Reuses SubjectAccessReview answers for the same user and request attributes: allowing ones for
/// <see cref="KubernetesAuthorizationOptions.AllowedCacheTtl"/>, refusing ones for
/// <see cref="KubernetesAuthorizationOptions.DeniedCacheTtl"/>, in a bounded cache. Failed reviews are not cached,
/// and each review gets <see cref="KubernetesAuthorizationOptions.ReviewTimeout"/>.
/// </summary>
internal sealed class CachingSubjectAccessReviewer
{
    private readonly ISubjectAccessReviewer _reviewer;
    private readonly KubernetesAuthorizationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ExpiringLruCache<RequestAttributes, AccessReviewDecision> _decisions;
    private readonly AuthorizationMetrics? _metrics;

    public CachingSubjectAccessReviewer(
        ISubjectAccessReviewer reviewer,
        KubernetesAuthorizationOptions options,
        TimeProvider timeProvider,
        AuthorizationMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        (_reviewer, _options, _timeProvider, _metrics) = (reviewer, options, timeProvider, metrics);
        _decisions = new ExpiringLruCache<RequestAttributes, AccessReviewDecision>(options.CacheSize, timeProvider);
    }

    public bool TryGetCached(RequestAttributes attributes, out AccessReviewDecision decision) =>
        _decisions.TryGet(attributes, out decision!);

    /// <summary>Reviews (no cache lookup) and caches the answer; throws <see cref="TimeoutException"/> past the review timeout.</summary>
    public async Task<AccessReviewDecision> ReviewAsync(RequestAttributes attributes, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ReviewTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        AccessReviewDecision decision;
        var started = _timeProvider.GetTimestamp();
        try
        {
            decision = await _reviewer.ReviewAsync(attributes, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException error) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the SubjectAccessReview took longer than {_options.ReviewTimeout}", error);
        }
        finally
        {
            _metrics?.Reviewed(_timeProvider.GetElapsedTime(started));
        }

        _decisions.Set(attributes, decision, decision.Allowed ? _options.AllowedCacheTtl : _options.DeniedCacheTtl);
        return decision;
    }
}
