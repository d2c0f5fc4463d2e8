using System.Collections.Concurrent;

namespace MetricsOperator.Serving.Diagnostics;

/// <summary>
/// The series of one family, found straight from a measurement's tags: a hit costs a hash and a comparison and
/// allocates nothing; only a new label set builds a key. Safe for concurrent recording and reading.
/// </summary>
internal sealed class SeriesTable<TCell>(Func<TCell> createCell)
    where TCell : class
{
    private readonly ConcurrentDictionary<SeriesKey, TCell> _series = new(SeriesKeyComparer.Instance);
    private TCell? _unlabelled;

    public TCell Get(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return Volatile.Read(ref _unlabelled) ?? CreateUnlabelled();
        }

        var lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
        if (lookup.TryGetValue(tags, out var cell))
        {
            return cell;
        }

        return _series.GetOrAdd(SeriesKey.From(tags), static (_, create) => create(), createCell);
    }

    /// <summary>Every series, ordered for output.</summary>
    public List<KeyValuePair<SeriesKey, TCell>> Snapshot()
    {
        var series = new List<KeyValuePair<SeriesKey, TCell>>(_series.Count + 1);
        if (Volatile.Read(ref _unlabelled) is { } unlabelled)
        {
            series.Add(new KeyValuePair<SeriesKey, TCell>(SeriesKey.Empty, unlabelled));
        }

        foreach (var pair in _series)
        {
            series.Add(pair);
        }

        series.Sort(static (a, b) => SeriesKey.Compare(a.Key, b.Key));
        return series;
    }

    private TCell CreateUnlabelled()
    {
        Interlocked.CompareExchange(ref _unlabelled, createCell(), null);
        return _unlabelled!;
    }
}
