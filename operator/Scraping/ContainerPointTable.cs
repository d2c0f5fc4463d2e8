using System.Runtime.InteropServices;

namespace MetricsOperator.Scraping;

/// <summary>The samples of one container, keyed by its unescaped namespace, pod and container label values.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct ContainerPoint
{
    public Utf8Range Namespace;
    public Utf8Range Pod;
    public Utf8Range Container;
    public int Hash;

    /// <summary>The first line that named this container (where "missing cpu" and sibling drops are reported).</summary>
    public int FirstLine;

    /// <summary>Where that line's label set (braces included, still escaped) lies in the payload.</summary>
    public int LabelSetOffset;
    public int LabelSetLength;

    /// <summary>The next container of the same pod, in the order they were first seen; -1 after the last.</summary>
    public int NextInPod;
    public SampledPoint Point;
    public double StartTimeSeconds;
    public int StartTimeLine;
}

/// <summary>Where a container was first named: its line, and its label set's place in the payload.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct ContainerOrigin(int Line, int LabelSetOffset, int LabelSetLength);

/// <summary>The hashes of a (namespace, pod, container) key: the pod's alone, and the whole key's.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct ContainerKeyHash(int Pod, int Container);

/// <summary>
/// Groups container samples by (namespace, pod, container) with open addressing over a power-of-two bucket array,
/// and chains each pod's containers in a <see cref="PodGroupTable"/>. Keys live in the payload's label arena, so a
/// lookup compares bytes and allocates nothing; the arrays are kept and only grow, so a decoder reaches a steady
/// state without allocations.
/// </summary>
internal sealed class ContainerPointTable
{
    private int[] _buckets = new int[256];
    private ContainerPoint[] _entries = new ContainerPoint[64];
    private int _count;
    private int _predicted;

    public int Count => _count;

    public Span<ContainerPoint> Entries => _entries.AsSpan(0, _count);

    public PodGroupTable Pods { get; } = new();

    public void Clear()
    {
        if (_count > 0)
        {
            Array.Clear(_buckets);
            _count = 0;
            _predicted = 0;
            Pods.Clear();
        }
    }

    public ref ContainerPoint this[int index] => ref _entries[index];

    /// <summary>
    /// The index of the predicted container when <paramref name="afterName"/> starts with the very bytes of the label set
    /// that created it, otherwise -1. The kubelet writes every family's series in the same order with the same label
    /// sets, so after the first family most lines are recognised by one comparison, without parsing their labels.
    /// </summary>
    public int MatchPredictedLabelSet(ReadOnlySpan<byte> afterName, ReadOnlySpan<byte> payload)
    {
        var predicted = _predicted < _count ? _predicted : 0;
        if (_count == 0)
        {
            return -1;
        }

        ref readonly var entry = ref _entries[predicted];
        if (!afterName.StartsWith(payload.Slice(entry.LabelSetOffset, entry.LabelSetLength)))
        {
            return -1;
        }

        _predicted = predicted + 1;
        return predicted;
    }

    /// <summary>
    /// The index of the container with this key, or -1 with the key's <paramref name="hash"/> for <see cref="Add"/>.
    /// The kubelet writes every family's series in the same order, so the entry after the last one found is tried
    /// first; a hit skips hashing altogether.
    /// </summary>
    public int IndexOf(
        ReadOnlySpan<byte> podNamespace, ReadOnlySpan<byte> pod, ReadOnlySpan<byte> container, DecodedPayload arena, out ContainerKeyHash hash)
    {
        var predicted = _predicted < _count ? _predicted : 0;
        if (_count > 0 && KeyEquals(_entries[predicted], podNamespace, pod, container, arena))
        {
            _predicted = predicted + 1;
            hash = default;
            return predicted;
        }

        hash = HashKey(podNamespace, pod, container);
        var mask = _buckets.Length - 1;
        for (var slot = hash.Container & mask; _buckets[slot] != 0; slot = (slot + 1) & mask)
        {
            var index = _buckets[slot] - 1;
            if (_entries[index].Hash == hash.Container && KeyEquals(_entries[index], podNamespace, pod, container, arena))
            {
                _predicted = index + 1;
                return index;
            }
        }

        return -1;
    }

    /// <summary>Adds a container that <see cref="IndexOf"/> did not find, copying its key into <paramref name="arena"/>.</summary>
    public int Add(
        ReadOnlySpan<byte> podNamespace, ReadOnlySpan<byte> pod, ReadOnlySpan<byte> container, ContainerKeyHash hash, DecodedPayload arena,
        in ContainerOrigin origin)
    {
        var podIndex = Pods.FindOrAdd(podNamespace, pod, hash.Pod, arena);
        ref var group = ref Pods[podIndex];
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        if ((_count + 1) * 2 > _buckets.Length)
        {
            Rehash(_buckets.Length * 2);
        }

        var index = _count++;
        _entries[index] = new ContainerPoint
        {
            Namespace = group.Namespace,
            Pod = group.Name,
            Container = arena.AppendLabel(container),
            Hash = hash.Container,
            FirstLine = origin.Line,
            LabelSetOffset = origin.LabelSetOffset,
            LabelSetLength = origin.LabelSetLength,
            NextInPod = -1,
        };

        if (group.LastContainer >= 0)
        {
            _entries[group.LastContainer].NextInPod = index;
        }
        else
        {
            group.FirstContainer = index;
        }

        group.LastContainer = index;
        group.ContainerCount++;

        var mask = _buckets.Length - 1;
        var slot = hash.Container & mask;
        while (_buckets[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _buckets[slot] = index + 1;
        _predicted = index + 1;
        return index;
    }

    private static bool KeyEquals(
        in ContainerPoint entry, ReadOnlySpan<byte> podNamespace, ReadOnlySpan<byte> pod, ReadOnlySpan<byte> container, DecodedPayload arena) =>
        arena.Label(entry.Pod).SequenceEqual(pod)
        && arena.Label(entry.Container).SequenceEqual(container)
        && arena.Label(entry.Namespace).SequenceEqual(podNamespace);

    private static ContainerKeyHash HashKey(ReadOnlySpan<byte> podNamespace, ReadOnlySpan<byte> pod, ReadOnlySpan<byte> container)
    {
        // The pod's hash is the state before the container's name.
        var hash = LabelKeyHasher.Create();
        hash.Add(podNamespace);
        hash.Add(pod);
        var podHash = hash.ToHashCode();
        hash.Add(container);
        return new ContainerKeyHash(podHash, hash.ToHashCode());
    }

    private void Rehash(int bucketCount)
    {
        _buckets = new int[bucketCount];
        var mask = bucketCount - 1;
        for (var i = 0; i < _count; i++)
        {
            var slot = _entries[i].Hash & mask;
            while (_buckets[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _buckets[slot] = i + 1;
        }
    }
}
