namespace MetricsOperator.Kubernetes.Informers;

/// <summary>One named index of an <see cref="InformerCache{T}"/>: index value → keys of the objects that produce it.</summary>
internal sealed class InformerIndex<T>
{
    private readonly Func<T, IEnumerable<string>?> _valuesOf;
    private readonly Dictionary<string, HashSet<ObjectKey>> _buckets = new(StringComparer.Ordinal);

    public InformerIndex(Func<T, IEnumerable<string>?> valuesOf) => _valuesOf = valuesOf;

    public void Add(ObjectKey key, T item)
    {
        foreach (var value in _valuesOf(item) ?? [])
        {
            if (!_buckets.TryGetValue(value, out var keys))
            {
                _buckets[value] = keys = [];
            }

            keys.Add(key);
        }
    }

    public void Remove(ObjectKey key, T item)
    {
        foreach (var value in _valuesOf(item) ?? [])
        {
            if (_buckets.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
            {
                _buckets.Remove(value);
            }
        }
    }

    public IReadOnlyCollection<ObjectKey> KeysFor(string value) =>
        _buckets.TryGetValue(value, out var keys) ? keys : [];

    public void Clear() => _buckets.Clear();
}
