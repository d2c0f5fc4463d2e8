using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.Kubernetes.Informers;

/// <summary>
/// The latest state of every object an informer has seen, keyed by namespace/name, with named secondary indexes
/// and change notifications. Reads take a shared lock and return snapshots; the informer is the single writer.
/// Cached objects are shared: callers must treat them as read-only.
/// </summary>
internal sealed class InformerCache<T> : IInformerStore<T>, IDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    // Serialises writers with handler registration, so every handler sees changes once and in order.
    private readonly Lock _writeGate = new();
    private readonly Dictionary<string, InformerIndex<T>> _indexes = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private Dictionary<ObjectKey, T> _items = [];
    private IInformerEventHandler<T>[] _handlers = [];

    public InformerCache(ILogger? logger = null) => _logger = logger ?? NullLogger.Instance;

    public int Count => Read(() => _items.Count);

    public bool TryGet(ObjectKey key, [MaybeNullWhen(false)] out T item)
    {
        _lock.EnterReadLock();
        try
        {
            return _items.TryGetValue(key, out item);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<T> List() => Read(() => _items.Values.ToArray());

    /// <summary>Objects whose index <paramref name="indexName"/> produced <paramref name="value"/>.</summary>
    public IReadOnlyList<T> ByIndex(string indexName, string value) => Read(() =>
    {
        var keys = IndexNamed(indexName).KeysFor(value);
        var result = new T[keys.Count];
        var i = 0;
        foreach (var key in keys)
        {
            result[i++] = _items[key];
        }

        return result;
    });

    /// <summary>Adds an index computed by <paramref name="valuesOf"/>, covering objects already cached too.</summary>
    public void AddIndex(string name, Func<T, IEnumerable<string>?> valuesOf)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(valuesOf);
        lock (_writeGate)
        {
            Write(() =>
            {
                if (_indexes.ContainsKey(name))
                {
                    throw new ArgumentException($"index \"{name}\" already exists", nameof(name));
                }

                var index = new InformerIndex<T>(valuesOf);
                foreach (var (key, item) in _items)
                {
                    index.Add(key, item);
                }

                _indexes.Add(name, index);
            });
        }
    }

    /// <summary>Registers <paramref name="handler"/> and replays the current objects to it as additions.</summary>
    public void AddEventHandler(IInformerEventHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_writeGate)
        {
            _handlers = [.. _handlers, handler];
            foreach (var item in List())
            {
                Deliver(handler, InformerChange<T>.Added(item));
            }
        }
    }

    public void Replace(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        lock (_writeGate)
        {
            List<InformerChange<T>>? changes = _handlers.Length > 0 ? [] : null;
            Write(() =>
            {
                var fresh = new Dictionary<ObjectKey, T>(items.Count);
                foreach (var item in items)
                {
                    fresh[ObjectKey.Of(item)] = item;
                }

                foreach (var (key, old) in _items)
                {
                    if (!fresh.ContainsKey(key))
                    {
                        Unindex(key, old);
                        changes?.Add(InformerChange<T>.Deleted(old));
                    }
                }

                foreach (var (key, item) in fresh)
                {
                    var change = Store(key, item, writeTo: null);
                    if (change is { } c)
                    {
                        changes?.Add(c);
                    }
                }

                _items = fresh;
            });
            Notify(changes);
        }
    }

    public void Upsert(T item)
    {
        var key = ObjectKey.Of(item);
        lock (_writeGate)
        {
            InformerChange<T>? change = null;
            Write(() => change = Store(key, item, writeTo: _items));
            if (change is { } c)
            {
                Notify([c]);
            }
        }
    }

    public void Remove(T item)
    {
        var key = ObjectKey.Of(item);
        lock (_writeGate)
        {
            var removed = false;
            Write(() =>
            {
                if (_items.Remove(key, out var old))
                {
                    Unindex(key, old);
                    removed = true;
                }
            });
            if (removed)
            {
                Notify([InformerChange<T>.Deleted(item)]);
            }
        }
    }

    public void Dispose() => _lock.Dispose();

    // Indexes the new state of `key` (written into `writeTo` when given) and says what changed for handlers.
    private InformerChange<T>? Store(ObjectKey key, T item, Dictionary<ObjectKey, T>? writeTo)
    {
        _items.TryGetValue(key, out var old);
        if (old is not null)
        {
            Unindex(key, old);
        }

        foreach (var index in _indexes.Values)
        {
            index.Add(key, item);
        }

        if (writeTo is not null)
        {
            writeTo[key] = item;
        }

        if (old is null)
        {
            return InformerChange<T>.Added(item);
        }

        // A relist returns unchanged objects again; only real changes are news.
        var unchanged = !string.IsNullOrEmpty(item.Metadata.ResourceVersion)
            && item.Metadata.ResourceVersion == old.Metadata.ResourceVersion;
        return unchanged ? null : InformerChange<T>.Updated(old, item);
    }

    private void Unindex(ObjectKey key, T item)
    {
        foreach (var index in _indexes.Values)
        {
            index.Remove(key, item);
        }
    }

    private InformerIndex<T> IndexNamed(string name) =>
        _indexes.TryGetValue(name, out var index)
            ? index
            : throw new ArgumentException($"no index named \"{name}\"; add it with AddIndex first", nameof(name));

    private void Notify(List<InformerChange<T>>? changes)
    {
        if (changes is null || changes.Count == 0)
        {
            return;
        }

        foreach (var handler in _handlers)
        {
            foreach (var change in changes)
            {
                Deliver(handler, change);
            }
        }
    }

    private void Deliver(IInformerEventHandler<T> handler, InformerChange<T> change)
    {
        try
        {
            change.DeliverTo(handler);
        }
        catch (Exception error)
        {
            // A faulty subscriber must not stop the informer or starve the other subscribers.
            InformerLog.HandlerFailed(_logger, change.Kind, ObjectKey.Of(change.Current).ToString(), error);
        }
    }

    private TResult Read<TResult>(Func<TResult> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void Write(Action write)
    {
        _lock.EnterWriteLock();
        try
        {
            write();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
