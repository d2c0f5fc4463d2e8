namespace MetricsOperator.Storage;

/// <summary>
/// One node's place in the store: the table readers see, the spare table the next scrape fills, and the gate that
/// serialises the node's writers (the scraper, and informer deletes of the node or one of its pods). Readers never
/// take the gate: they pin the published table.
/// </summary>
internal sealed class NodeSlot
{
    /// <summary>A reader that keeps losing the race to a writer settles for the table it pinned (still consistent).</summary>
    private const int PinAttempts = 8;

    private NodeTable? _published;
    private NodeTable? _spare;
    private volatile bool _scrapeFailing;
    private volatile bool _removed;

    public NodeSlot(string name)
    {
        Name = name;
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

    /// <summary>A table to fill: the spare when it is free, otherwise a new one (a reader still pins the old one).</summary>
    public NodeTable RentTable(int podCount, int containerCount)
    {
        var table = Interlocked.Exchange(ref _spare, null) ?? new NodeTable(this, podCount, containerCount);
        table.BeginFill(podCount, containerCount);
        return table;
    }

    /// <summary>Makes <paramref name="table"/> (or nothing) visible and retires the previous table.</summary>
    public void Publish(NodeTable? table)
    {
        table?.Activate();
        var previous = Interlocked.Exchange(ref _published, table);
        previous?.Release();
    }

    public void MarkRemoved()
    {
        _removed = true;
        Publish(null);
        Volatile.Write(ref _spare, null);
    }

    /// <summary>Called by the last holder of a retired table.</summary>
    public void OfferSpare(NodeTable table)
    {
        if (!_removed)
        {
            Interlocked.CompareExchange(ref _spare, table, null);
        }
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
