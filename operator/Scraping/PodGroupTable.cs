using System.Runtime.InteropServices;

namespace MetricsOperator.Scraping;

/// <summary>One pod of the payload: its key and its containers, chained through <see cref="ContainerPoint.NextInPod"/>.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct PodGroup
{
    public Utf8Range Namespace;
    public Utf8Range Name;
    public int Hash;
    public int FirstContainer;
    public int LastContainer;
    public int ContainerCount;
}

/// <summary>
/// The pods of one payload, keyed by unescaped namespace and name (open addressing, like <see cref="ContainerPointTable"/>).
/// Grouping containers by pod as they are first seen means only the pods need sorting at the end, not every container.
/// </summary>
internal sealed class PodGroupTable
{
    private int[] _buckets = new int[64];
    private PodGroup[] _pods = new PodGroup[32];
    private int _count;

    public ReadOnlySpan<PodGroup> Pods => _pods.AsSpan(0, _count);

    public ref PodGroup this[int index] => ref _pods[index];

    public void Clear()
    {
        if (_count > 0)
        {
            Array.Clear(_buckets);
            _count = 0;
        }
    }

    /// <summary>The index of the pod with this key (<paramref name="hash"/> from the caller), added with no containers if new.</summary>
    public int FindOrAdd(ReadOnlySpan<byte> podNamespace, ReadOnlySpan<byte> pod, int hash, DecodedPayload arena)
    {
        var mask = _buckets.Length - 1;
        var slot = hash & mask;
        for (; _buckets[slot] != 0; slot = (slot + 1) & mask)
        {
            ref readonly var candidate = ref _pods[_buckets[slot] - 1];
            if (candidate.Hash == hash && arena.Label(candidate.Name).SequenceEqual(pod) && arena.Label(candidate.Namespace).SequenceEqual(podNamespace))
            {
                return _buckets[slot] - 1;
            }
        }

        if (_count == _pods.Length)
        {
            Array.Resize(ref _pods, _pods.Length * 2);
        }

        var index = _count++;
        _pods[index] = new PodGroup
        {
            Namespace = arena.AppendLabel(podNamespace),
            Name = arena.AppendLabel(pod),
            Hash = hash,
            FirstContainer = -1,
            LastContainer = -1,
        };

        if (_count * 2 > _buckets.Length)
        {
            Rehash(_buckets.Length * 2);
        }
        else
        {
            _buckets[slot] = index + 1;
        }

        return index;
    }

    private void Rehash(int bucketCount)
    {
        _buckets = new int[bucketCount];
        var mask = bucketCount - 1;
        for (var i = 0; i < _count; i++)
        {
            var slot = _pods[i].Hash & mask;
            while (_buckets[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _buckets[slot] = i + 1;
        }
    }
}
