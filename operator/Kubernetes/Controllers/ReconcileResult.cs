namespace MetricsOperator.Kubernetes.Controllers;

/// <summary>The outcome of a successful reconcile: done (until the next event), or look again after a delay.</summary>
internal readonly record struct ReconcileResult
{
    private ReconcileResult(TimeSpan? requeueAfter) => Requeue = requeueAfter;

    public static ReconcileResult Done { get; }

    /// <summary>The delay before the key is reconciled again; null when nothing is scheduled.</summary>
    public TimeSpan? Requeue { get; }

    public static ReconcileResult RequeueAfter(TimeSpan delay) =>
        delay > TimeSpan.Zero
            ? new ReconcileResult(delay)
            : throw new ArgumentOutOfRangeException(nameof(delay), delay, "a requeue delay must be positive");
}
