namespace MetricsOperator.Storage;

/// <summary>
/// One node's place in the store: the table readers see, and the gate that serialises the node's writers (the
/// scraper, and informer deletes of the node or one of its pods). The next table comes from the store's shared
/// <see cref="NodeTablePool"/>. Readers never take the gate: they pin the published table.
/// </summary>
internal sealed class NodeSlot
{
    /// <summary>A reader that keeps losing the race to a writer settles for the table it pinned (still consistent).</summary>
    private const int PinAttempts = 8;

    private readonly NodeTablePool _tables;
    private NodeTable? _published;
    private volatile bool _scrapeFailing;
    private volatile bool _removed;

    public NodeSlot(string name, NodeTablePool tables)
    {
        Name = name;
        _tables = tables;
    }

    public string Name { get; }

    public Lock WriteGate { get; } = new();

    /// <summary>The last scrape failed: the data is served until it is older than the staleness bound.</summary>
    public bool ScrapeFailing
    {
        get => _scrapeFailing;
        set => _scrapeFailing = value;
    }

    /// <summary>The node left the cluster; a writer that still holds this slot must look the node up again.</summary>
    public bool Removed => _removed;

    public NodeTable? Published => Volatile.Read(ref _published);

    /// <summary>A table to fill (from the pool when one waits there).</summary>
    public NodeTable RentTable(int podCount, int containerCount) => _tables.Rent(this, podCount, containerCount);

    /// <summary>
    /// Makes <paramref name="table"/> (or nothing) visible and returns the table it retired. The caller still holds
    /// the retired table's publication reference and must <see cref="NodeTable.Release"/> it once done reading it:
    /// released, it may go back to the pool and be refilled for another node.
    /// </summary>
    public NodeTable? Publish(NodeTable? table)
    {
        table?.Activate();
        return Interlocked.Exchange(ref _published, table);
    }

    /// <summary>Marks the node gone and unpublishes its table, which the caller must release as after <see cref="Publish"/>.</summary>
    public NodeTable? MarkRemoved()
    {
        _removed = true;
        return Publish(null);
    }

    /// <summary>Pins the published table for a reader, or returns null when the node has no data.</summary>
    public NodeTable? AcquirePublished()
    {
        NodeTable? fallback = null;
        for (var attempt = 0; attempt < PinAttempts; attempt++)
        {
            var table = Published;
            if (table is null)
            {
                fallback?.Release();
                return null;
            }

            if (!table.TryAcquire())
            {
                continue;
            }

            if (!ReferenceEquals(table.Owner, this))
            {
                // Retired, pooled and refilled for another node before the pin: not this node's data.
                table.Release();
                continue;
            }

            if (ReferenceEquals(table, Published))
            {
                fallback?.Release();
                return table;
            }

            // Retired between the read and the pin: keep it only as a last resort.
            if (fallback is null)
            {
                fallback = table;
            }
            else
            {
                table.Release();
            }
        }

        return fallback;
    }
}
