using System.Collections.Concurrent;

namespace MetricsOperator.Storage;

/// <summary>
/// Shares one string per distinct namespace or container name, found from payload UTF-8 without allocating.
/// Bounded: past <see cref="Capacity"/> distinct names (namespace churn in test clusters) it starts over, which only
/// costs sharing, never correctness, because stored names are always compared by value.
/// </summary>
internal sealed class NameInterner
{
    public const int DefaultCapacity = 65_536;

    private readonly ConcurrentDictionary<string, string> _names = new(Utf8NameComparer.Instance);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<byte>> _byUtf8;
    private int _count;

    public NameInterner(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _byUtf8 = _names.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Capacity { get; }

    public int Count => Volatile.Read(ref _count);

    public string Intern(ReadOnlySpan<byte> utf8)
    {
        if (_byUtf8.TryGetValue(utf8, out var existing))
        {
            return existing;
        }

        if (Interlocked.Increment(ref _count) > Capacity)
        {
            _names.Clear();
            Volatile.Write(ref _count, 1);
        }

        var created = Utf8NameComparer.Instance.Create(utf8);
        return _names.GetOrAdd(created, created);
    }
}
