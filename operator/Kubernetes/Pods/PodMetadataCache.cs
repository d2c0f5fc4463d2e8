using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Kubernetes.Pods;

/// <summary>
/// Namespace, name, UID and labels of running pods, fed by an informer over pod metadata. Labels are interned and
/// pods with identical labels share one <see cref="LabelSet"/>; nothing else of the object is kept. Pods are held
/// per namespace and indexed by label <c>key=value</c>, so "pods in a namespace matching a selector with an
/// equality requirement" looks only at the pods carrying that label. Queries run concurrently; the informer is
/// the single writer.
/// </summary>
internal sealed class PodMetadataCache : IInformerStore<PartialObjectMetadata>, IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    // Serialises writers; the interner is touched only under it, never by readers.
    private readonly Lock _writeGate = new();
    private readonly LabelInterner _interner = new();
    private Dictionary<string, NamespacePods> _namespaces = new(StringComparer.Ordinal);
    private int _count;

    // The namespaces in name order, built by the first all-namespace query after a namespace came or went.
    private NamespacePods[]? _namespaceOrder;

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Distinct label sets currently shared by the cached pods (for diagnostics and tests).</summary>
    public int DistinctLabelSets
    {
        get
        {
            lock (_writeGate)
            {
                return _interner.SetCount;
            }
        }
    }

    public bool TryGet(string namespaceName, string name, out PodMetadata pod)
    {
        _lock.EnterReadLock();
        try
        {
            if (_namespaces.TryGetValue(namespaceName, out var pods))
            {
                return pods.TryGet(name, out pod);
            }

            pod = default;
            return false;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Pods in <paramref name="namespaceName"/> (null or empty: all namespaces) matching <paramref name="selector"/>, in (namespace, name) order.</summary>
    public IReadOnlyList<PodMetadata> List(string? namespaceName, LabelSelector selector)
    {
        var results = new List<PodMetadata>();
        Collect(namespaceName, selector, results);
        return results;
    }

    /// <summary>
    /// Adds the pods in <paramref name="namespaceName"/> (null or empty: all) matching <paramref name="selector"/> to
    /// <paramref name="results"/>, in (namespace, name) ordinal order; returns how many label groups were examined (a
    /// measure of the work done).
    /// </summary>
    public int Collect(string? namespaceName, LabelSelector selector, List<PodMetadata> results)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(results);
        _lock.EnterReadLock();
        try
        {
            if (!string.IsNullOrEmpty(namespaceName))
            {
                return _namespaces.TryGetValue(namespaceName, out var pods) ? pods.Collect(selector, results) : 0;
            }

            if (selector.IsEverything)
            {
                // One allocation of the final size instead of a doubling series (a large-object-heap churn per list).
                results.EnsureCapacity(results.Count + _count);
            }

            var examined = 0;
            foreach (var pods in Volatile.Read(ref _namespaceOrder) ?? OrderNamespaces())
            {
                examined += pods.Collect(selector, results);
            }

            return examined;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Replace(IReadOnlyList<PartialObjectMetadata> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        lock (_writeGate)
        {
            // Built aside and swapped in, so queries never see a half-replaced cache.
            var fresh = new Dictionary<string, NamespacePods>(StringComparer.Ordinal);
            var count = 0;
            foreach (var item in items)
            {
                if (Store(fresh, item) is { } previous)
                {
                    _interner.Release(previous);
                }
                else
                {
                    count++;
                }
            }

            foreach (var pods in fresh.Values)
            {
                pods.TrimExcess();
            }

            Dictionary<string, NamespacePods> old;
            _lock.EnterWriteLock();
            try
            {
                (old, _namespaces, _count, _namespaceOrder) = (_namespaces, fresh, count, null);
            }
            finally
            {
                _lock.ExitWriteLock();
            }

            foreach (var pods in old.Values)
            {
                pods.ForEachGroup(_interner.Release);
            }

            _interner.TrimExcess();
        }
    }

    public void Upsert(PartialObjectMetadata item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_writeGate)
        {
            LabelSet? previous;
            _lock.EnterWriteLock();
            try
            {
                var namespaces = _namespaces.Count;
                previous = Store(_namespaces, item);
                if (previous is null)
                {
                    _count++;
                }

                if (_namespaces.Count != namespaces)
                {
                    _namespaceOrder = null;
                }
            }
            finally
            {
                _lock.ExitWriteLock();
            }

            if (previous is not null)
            {
                _interner.Release(previous);
            }
        }
    }

    public void Remove(PartialObjectMetadata item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var (namespaceName, name) = ObjectKey.Of(item);
        lock (_writeGate)
        {
            LabelSet? previous = null;
            _lock.EnterWriteLock();
            try
            {
                if (_namespaces.TryGetValue(namespaceName, out var pods) && (previous = pods.Remove(name)) is not null)
                {
                    _count--;
                    if (pods.Count == 0)
                    {
                        _namespaces.Remove(namespaceName);
                        _namespaceOrder = null;
                    }
                }
            }
            finally
            {
                _lock.ExitWriteLock();
            }

            if (previous is not null)
            {
                _interner.Release(previous);
            }
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>Called under the read lock: writers, which invalidate the order, cannot run meanwhile.</summary>
    private NamespacePods[] OrderNamespaces()
    {
        var order = _namespaces.Values.ToArray();
        Array.Sort(order, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        Volatile.Write(ref _namespaceOrder, order);
        return order;
    }

    // Acquires the item's labels and stores it; returns the labels it replaced (to release), or null for a new pod.
    private LabelSet? Store(Dictionary<string, NamespacePods> namespaces, PartialObjectMetadata item)
    {
        var (namespaceName, name) = ObjectKey.Of(item);
        if (!namespaces.TryGetValue(namespaceName, out var pods))
        {
            namespaces.Add(namespaceName, pods = new NamespacePods(namespaceName));
        }

        var labels = _interner.Acquire(item.Metadata.Labels);
        return pods.Set(name, PodUid.Parse(item.Metadata.Uid), labels);
    }
}
