using System.Globalization;

namespace MetricsOperator.Serving.Diagnostics;

/// <summary>
/// The label set of one series: tag names and values as recorded (values formatted as text), sorted by name so
/// the same tags in any order make the same series.
/// </summary>
internal sealed class SeriesKey
{
    public static readonly SeriesKey Empty = new([], 0);

    // An array, not the interface, so matching enumerates without allocating.
    private readonly KeyValuePair<string, string>[] _labels;

    private SeriesKey(KeyValuePair<string, string>[] labels, int hash)
    {
        _labels = labels;
        Hash = hash;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Labels => _labels;

    public int Hash { get; }

    public static SeriesKey From(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return Empty;
        }

        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new KeyValuePair<string, string>(tags[i].Key, ValueText(tags[i].Value));
        }

        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new SeriesKey(labels, HashOf(tags));
    }

    /// <summary>Order-independent, so it agrees with <see cref="From"/>'s sorted labels.</summary>
    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            hash += HashCode.Combine(
                string.GetHashCode(tag.Key, StringComparison.Ordinal),
                string.GetHashCode(ValueText(tag.Value), StringComparison.Ordinal));
        }

        return hash;
    }

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _labels.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (!Contains(tag.Key, tag.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Orders series of one family as Prometheus' Go client does: by label values, label by label.</summary>
    public static int Compare(SeriesKey a, SeriesKey b)
    {
        var count = Math.Min(a.Labels.Count, b.Labels.Count);
        for (var i = 0; i < count; i++)
        {
            var byName = string.CompareOrdinal(a.Labels[i].Key, b.Labels[i].Key);
            if (byName != 0)
            {
                return byName;
            }

            var byValue = string.CompareOrdinal(a.Labels[i].Value, b.Labels[i].Value);
            if (byValue != 0)
            {
                return byValue;
            }
        }

        return a.Labels.Count.CompareTo(b.Labels.Count);
    }

    // Strings (every tag our instruments record) pass through without allocating.
    private static string ValueText(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private bool Contains(string name, object? value)
    {
        foreach (var label in _labels)
        {
            if (string.Equals(label.Key, name, StringComparison.Ordinal))
            {
                return value is string text
                    ? string.Equals(label.Value, text, StringComparison.Ordinal)
                    : string.Equals(label.Value, ValueText(value), StringComparison.Ordinal);
            }
        }

        return false;
    }
}

/// <summary>Equality of series keys, and lookup straight from a measurement's tags without building a key.</summary>
internal sealed class SeriesKeyComparer :
    IEqualityComparer<SeriesKey>,
    IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, SeriesKey>
{
    public static readonly SeriesKeyComparer Instance = new();

    public bool Equals(SeriesKey? x, SeriesKey? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Hash != y.Hash || x.Labels.Count != y.Labels.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Labels.Count; i++)
        {
            if (!string.Equals(x.Labels[i].Key, y.Labels[i].Key, StringComparison.Ordinal)
                || !string.Equals(x.Labels[i].Value, y.Labels[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(SeriesKey obj) => obj.Hash;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, SeriesKey other) => other.Matches(alternate);

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => SeriesKey.HashOf(alternate);

    public SeriesKey Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => SeriesKey.From(alternate);
}
