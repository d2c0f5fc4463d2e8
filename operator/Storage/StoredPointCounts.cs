using System.Runtime.InteropServices;

namespace MetricsOperator.Storage;

/// <summary>
/// What a table (or the whole store) holds. "With prev" means a previous point exists, which is what the
/// reference's <c>metrics_server_storage_points</c> gauge and readiness count: such a point is servable unless its
/// rate turns out invalid (cpu went down).
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct StoredPointCounts(int Pods, int PodsWithPrev, int ContainersWithPrev, int NodesWithPrev)
{
    public static StoredPointCounts operator -(StoredPointCounts a, StoredPointCounts b) => new(
        a.Pods - b.Pods,
        a.PodsWithPrev - b.PodsWithPrev,
        a.ContainersWithPrev - b.ContainersWithPrev,
        a.NodesWithPrev - b.NodesWithPrev);
}
