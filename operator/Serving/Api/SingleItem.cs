using System.Collections;

namespace MetricsOperator.Serving.Api;

/// <summary>One item as a read-only list, so a get can be written by a list layout (a one-row Table).</summary>
internal sealed class SingleItem<T>(T item) : IReadOnlyList<T>
{
    public int Count => 1;

    public T this[int index] => index == 0 ? item : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<T> GetEnumerator()
    {
        yield return item;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
