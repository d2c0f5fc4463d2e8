using MetricsOperator.Storage;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// Memory the metrics store spends on what it holds: the managed heap after full blocking collections with the
/// store as the scraper left it, minus the heap after clearing it (which releases each node's table, the pooled
/// spare tables and the pod index entries). What stays behind is not counted: the store's empty dictionaries keep
/// their bucket arrays (about 8 bytes per pod ever indexed) and interned namespace and container names are shared
/// and few.
/// </summary>
internal static class StoreFootprint
{
    public static SutStoreFootprint Measure(MetricsStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var counts = store.Counts;
        var filled = HeapAfterFullCollection();
        store.Clear();

        var emptied = HeapAfterFullCollection();
        return new SutStoreFootprint(counts.Pods, counts.PodsWithPrev, counts.ContainersWithPrev, counts.NodesWithPrev, filled, emptied);
    }

    private static long HeapAfterFullCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
