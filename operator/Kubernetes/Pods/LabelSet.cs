using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace MetricsOperator.Kubernetes.Pods;

/// <summary>
/// An immutable, compact label map: one array of pairs sorted by key (ordinal), compared and hashed by content.
/// Pods with the same labels share one instance through <see cref="LabelInterner"/>.
/// </summary>
internal sealed class LabelSet : IReadOnlyDictionary<string, string>, IEquatable<LabelSet>
{
    private readonly KeyValuePair<string, string>[] _pairs;
    private readonly int _hash;

    private LabelSet(KeyValuePair<string, string>[] sortedPairs)
    {
        _pairs = sortedPairs;
        var hash = new HashCode();
        foreach (var (key, value) in sortedPairs)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        _hash = hash.ToHashCode();
    }

    public static LabelSet Empty { get; } = new([]);

    public int Count => _pairs.Length;

    /// <summary>The pairs in key order, for iteration without allocation.</summary>
    public ReadOnlySpan<KeyValuePair<string, string>> Pairs => _pairs;

    public IEnumerable<string> Keys => _pairs.Select(pair => pair.Key);

    public IEnumerable<string> Values => _pairs.Select(pair => pair.Value);

    public string this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no label \"{key}\"");

    /// <summary>A label set with the same content as <paramref name="labels"/> (null or empty: <see cref="Empty"/>).</summary>
    public static LabelSet From(IEnumerable<KeyValuePair<string, string>>? labels)
    {
        var pairs = labels?.ToArray() ?? [];
        if (pairs.Length == 0)
        {
            return Empty;
        }

        Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (var i = 0; i < pairs.Length; i++)
        {
            if (pairs[i].Key is null || pairs[i].Value is null)
            {
                throw new ArgumentException("label keys and values must not be null", nameof(labels));
            }

            if (i > 0 && string.Equals(pairs[i].Key, pairs[i - 1].Key, StringComparison.Ordinal))
            {
                throw new ArgumentException($"label \"{pairs[i].Key}\" appears twice", nameof(labels));
            }
        }

        return new LabelSet(pairs);
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _pairs[index].Value : null;
        return index >= 0;
    }

    public bool Equals(LabelSet? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._hash != _hash || other._pairs.Length != _pairs.Length)
        {
            return false;
        }

        for (var i = 0; i < _pairs.Length; i++)
        {
            if (!string.Equals(_pairs[i].Key, other._pairs[i].Key, StringComparison.Ordinal)
                || !string.Equals(_pairs[i].Value, other._pairs[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => _hash;

    public override string ToString() => string.Join(',', _pairs.Select(pair => $"{pair.Key}={pair.Value}"));

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The same labels with every string replaced by <paramref name="intern"/>'s canonical instance.</summary>
    internal LabelSet WithStrings(Func<string, string> intern)
    {
        var pairs = new KeyValuePair<string, string>[_pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = new(intern(_pairs[i].Key), intern(_pairs[i].Value));
        }

        return new LabelSet(pairs);
    }

    private int IndexOf(string key)
    {
        int low = 0, high = _pairs.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = string.CompareOrdinal(_pairs[middle].Key, key);
            if (order == 0)
            {
                return middle;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return -1;
    }
}
