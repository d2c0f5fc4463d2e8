using MetricsOperator.Api.V1Alpha1;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// Picks the one MetricsBackend that configures the cluster: the oldest (creation time, then name, so the choice
/// is stable on ties) that is not being deleted. Every replica and the reconciler use the same rule, so they agree.
/// </summary>
internal static class ActiveBackendSelector
{
    public static MetricsBackend? Select(IEnumerable<MetricsBackend> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        MetricsBackend? active = null;
        foreach (var backend in backends)
        {
            if (backend?.Metadata is null || backend.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }

            if (active is null || IsOlder(backend, active))
            {
                active = backend;
            }
        }

        return active;
    }

    private static bool IsOlder(MetricsBackend candidate, MetricsBackend current)
    {
        // A missing creationTimestamp (only seen in hand-made objects) sorts last rather than first.
        var a = candidate.Metadata.CreationTimestamp ?? DateTime.MaxValue;
        var b = current.Metadata.CreationTimestamp ?? DateTime.MaxValue;
        return a != b ? a < b : string.CompareOrdinal(candidate.Metadata.Name, current.Metadata.Name) < 0;
    }
}
