namespace MetricsOperator.Kubernetes.Controllers;

/// <summary>
/// Level-based reconciliation of one key: read the current state, make the world match it, report when to look again.
/// A thrown exception means "failed": the key is retried with per-key exponential backoff.
/// </summary>
internal interface IReconciler<in TKey>
    where TKey : notnull
{
    Task<ReconcileResult> ReconcileAsync(TKey key, CancellationToken cancellationToken);
}
