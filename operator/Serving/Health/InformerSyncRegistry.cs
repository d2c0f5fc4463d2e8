namespace MetricsOperator.Serving.Health;

/// <summary>
/// The informers the metrics depend on (nodes, pods), as seen by the readiness check. Informers register a
/// "has synced" probe under a name; with none registered the check has nothing to wait for.
/// </summary>
internal sealed class InformerSyncRegistry
{
    private readonly Lock _lock = new();
    private (string Name, Func<bool> HasSynced)[] _informers = [];

    public void Add(string name, Func<bool> hasSynced)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(hasSynced);
        lock (_lock)
        {
            _informers = [.. _informers, (name, hasSynced)];
        }
    }

    /// <summary>Names of the informers that have not synced yet, in registration order.</summary>
    public IReadOnlyList<string> Unsynced()
    {
        List<string>? unsynced = null;
        foreach (var (name, hasSynced) in Volatile.Read(ref _informers))
        {
            if (!hasSynced())
            {
                (unsynced ??= []).Add(name);
            }
        }

        return unsynced ?? (IReadOnlyList<string>)[];
    }
}
