using System.Diagnostics.CodeAnalysis;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// A size-bounded cache whose entries expire: once full, adding drops the least recently used entry. Lookups and
/// additions take one short lock. Written here rather than using MemoryCache because its size limit is enforced by
/// an asynchronous compaction (briefly unbounded) and its clock is not a <see cref="TimeProvider"/>.
/// </summary>
internal sealed class ExpiringLruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _entries;
    private readonly LinkedList<Entry> _byRecency = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;

    public ExpiringLruCache(int capacity, TimeProvider timeProvider, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Capacity = capacity;
        _timeProvider = timeProvider;
        _entries = new Dictionary<TKey, LinkedListNode<Entry>>(comparer);
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Finds an unexpired entry (and marks it recently used); an expired one is removed.</summary>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (now < node.Value.ExpiresAt)
                {
                    _byRecency.Remove(node);
                    _byRecency.AddFirst(node);
                    value = node.Value.Value;
                    return true;
                }

                _byRecency.Remove(node);
                _entries.Remove(key);
            }
        }

        value = default;
        return false;
    }

    /// <summary>Adds or replaces the entry for <paramref name="key"/>, valid for <paramref name="timeToLive"/> from now.</summary>
    public void Set(TKey key, TValue value, TimeSpan timeToLive)
    {
        var entry = new Entry(key, value, _timeProvider.GetUtcNow() + timeToLive);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                existing.Value = entry;
                _byRecency.Remove(existing);
                _byRecency.AddFirst(existing);
                return;
            }

            if (_entries.Count >= Capacity && _byRecency.Last is { } oldest)
            {
                _byRecency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            _entries.Add(key, _byRecency.AddFirst(entry));
        }
    }

    private readonly record struct Entry(TKey Key, TValue Value, DateTimeOffset ExpiresAt);
}
