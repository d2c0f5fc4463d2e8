namespace MetricsOperator.Reconciliation;

/// <summary>Finalizer and annotations the reconciler puts on a MetricsBackend itself.</summary>
internal static class BackendMarkers
{
    /// <summary>Held until the APIService is gone (or restored), so discovery never points at a dead backend.</summary>
    public const string ApiServiceCleanupFinalizer = "metricsoperator.dev/apiservice-cleanup";

    /// <summary>JSON of the APIService spec found on takeover, restored when the MetricsBackend is deleted.</summary>
    public const string PreviousApiServiceAnnotation = "metricsoperator.dev/previous-apiservice";
}
