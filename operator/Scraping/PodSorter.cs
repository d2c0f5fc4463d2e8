namespace MetricsOperator.Scraping;

/// <summary>
/// Puts pods in namespace-then-name order (ordinal bytes) with a natural merge sort. Pods are first seen in the
/// kubelet's series order (container name, then namespace, then pod), so every group of pods sharing a container
/// name arrives as an ascending run, and merging runs costs far fewer comparisons than sorting from scratch.
/// Reusable scratch state; not thread-safe.
/// </summary>
internal sealed class PodSorter
{
    private int[] _runStarts = new int[33];
    private int[] _merged = new int[32];

    /// <summary>Sorts <paramref name="order"/>, indices into <paramref name="pods"/> whose keys live in <paramref name="arena"/>.</summary>
    public void Sort(Span<int> order, ReadOnlySpan<PodGroup> pods, DecodedPayload arena)
    {
        var runs = Grow(ref _runStarts, order.Length + 1);
        var runCount = 0;
        runs[runCount++] = 0;
        for (var i = 1; i < order.Length; i++)
        {
            if (Compare(pods[order[i - 1]], pods[order[i]], arena) > 0)
            {
                runs[runCount++] = i;
            }
        }

        runs[runCount] = order.Length;
        var source = order;
        var target = Grow(ref _merged, order.Length);
        var inScratch = false;
        while (runCount > 1)
        {
            // Merge neighbouring runs pairwise; a run's new start is written where an already merged pair's was.
            var mergedCount = 0;
            for (var r = 0; r < runCount; r += 2)
            {
                var start = runs[r];
                Merge(source, start, runs[Math.Min(r + 1, runCount)], runs[Math.Min(r + 2, runCount)], target, pods, arena);
                runs[mergedCount++] = start;
            }

            runs[mergedCount] = order.Length;
            runCount = mergedCount;
            var swap = source;
            source = target;
            target = swap;
            inScratch = !inScratch;
        }

        if (inScratch)
        {
            source.CopyTo(order);
        }
    }

    private static int Compare(in PodGroup a, in PodGroup b, DecodedPayload arena)
    {
        var order = arena.Label(a.Namespace).SequenceCompareTo(arena.Label(b.Namespace));
        return order != 0 ? order : arena.Label(a.Name).SequenceCompareTo(arena.Label(b.Name));
    }

    private static void Merge(
        Span<int> source, int start, int middle, int end, Span<int> target, ReadOnlySpan<PodGroup> pods, DecodedPayload arena)
    {
        int left = start, right = middle, next = start;
        while (left < middle && right < end)
        {
            target[next++] = Compare(pods[source[left]], pods[source[right]], arena) <= 0 ? source[left++] : source[right++];
        }

        source[left..middle].CopyTo(target[next..]);
        next += middle - left;
        source[right..end].CopyTo(target[next..]);
    }

    private static Span<int> Grow(ref int[] array, int length)
    {
        if (array.Length < length)
        {
            array = new int[Math.Max(length, array.Length * 2)];
        }

        return array.AsSpan(0, length);
    }
}
