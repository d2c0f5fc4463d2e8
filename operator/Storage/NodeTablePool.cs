namespace MetricsOperator.Storage;

/// <summary>
/// Retired node tables waiting to be refilled, shared by all nodes of a store. A node needs a second table only
/// while its writer fills the next one, so sharing them keeps about one table per node plus one per concurrent
/// writer (and per table a reader still pins) instead of two per node: ~5 KB less per node of 30 pods.
/// </summary>
internal sealed class NodeTablePool
{
    /// <summary>
    /// Room for the default 64 concurrent writers and the tables readers pin; beyond it (after many nodes left, or a
    /// much higher maxConcurrency) retired tables are left to the GC and writers allocate new ones.
    /// </summary>
    private const int MaxPooled = 256;

    /// <summary>How many pooled tables (newest first) a rent looks at for one whose arrays fit without reallocating.</summary>
    private const int FitCandidates = 8;

    private readonly Lock _gate = new();
    private readonly List<NodeTable> _tables = [];

    /// <summary>How many tables wait to be refilled.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _tables.Count;
            }
        }
    }

    /// <summary>A table for <paramref name="owner"/> to fill: a pooled one (preferably one that fits), else a new one.</summary>
    public NodeTable Rent(NodeSlot owner, int podCount, int containerCount)
    {
        var table = Take(podCount, containerCount) ?? new NodeTable(this, podCount, containerCount);
        table.BeginFill(owner, podCount, containerCount);
        return table;
    }

    /// <summary>Drops every pooled table (the store was emptied: nothing will be refilled soon).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _tables.Clear();
        }
    }

    /// <summary>Called by the last holder of a retired table.</summary>
    public void Return(NodeTable table)
    {
        lock (_gate)
        {
            if (_tables.Count < MaxPooled)
            {
                _tables.Add(table);
            }
        }
    }

    private NodeTable? Take(int podCount, int containerCount)
    {
        lock (_gate)
        {
            var last = _tables.Count - 1;
            if (last < 0)
            {
                return null;
            }

            var chosen = last;
            for (var i = last; i >= 0 && i > last - FitCandidates; i--)
            {
                if (_tables[i].Fits(podCount, containerCount))
                {
                    chosen = i;
                    break;
                }
            }

            var table = _tables[chosen];
            _tables[chosen] = _tables[last];
            _tables.RemoveAt(last);
            return table;
        }
    }
}
