using System.Text;
using MetricsOperator.Scraping;

namespace MetricsOperator.Storage;

/// <summary>
/// Turns one decoded payload into a node table, carrying each series' stored points over from the node's previous
/// table and applying the prev rules. Names are taken from the previous table when the pod or container is already
/// known (the steady state: no lookups, no allocation), otherwise interned once.
/// </summary>
internal static class NodeTableBuilder
{
    /// <summary>
    /// Fills <paramref name="target"/>. On return <paramref name="podOrigins"/>[i] is the index in
    /// <paramref name="previous"/> of the new table's pod i, or -1 for a pod the node did not report before, and
    /// <paramref name="carried"/>[j] tells whether the previous table's pod j is still there.
    /// </summary>
    public static void Fill(
        NodeTable target,
        NodeTable? previous,
        DecodedPayload payload,
        long resolutionNanoseconds,
        NameInterner names,
        Span<int> podOrigins,
        Span<bool> carried)
    {
        carried.Clear();
        if (payload.HasNode)
        {
            target.SetNode(NodeState(payload.Node, previous));
        }

        var previousPods = previous is null ? [] : previous.Pods;
        var hint = 0;
        foreach (ref readonly var pod in payload.Pods)
        {
            if (pod.ContainerCount == 0)
            {
                continue;
            }

            var namespaceUtf8 = payload.Label(pod.Namespace);
            var nameUtf8 = payload.Label(pod.Name);
            var origin = FindPod(previousPods, namespaceUtf8, nameUtf8, hint);
            string podNamespace;
            string podName;
            if (origin >= 0)
            {
                if (carried[origin])
                {
                    continue; // the same pod twice in one payload: the first wins, as in the reference
                }

                carried[origin] = true;
                hint = origin + 1;
                podNamespace = previousPods[origin].Namespace;
                podName = previousPods[origin].Name;
            }
            else
            {
                if (IsNewPodRepeated(target, podOrigins, namespaceUtf8, nameUtf8))
                {
                    continue;
                }

                podNamespace = names.Intern(namespaceUtf8);
                podName = Encoding.UTF8.GetString(nameUtf8);
            }

            var previousContainers = origin >= 0 ? previous!.ContainersOf(previousPods[origin]) : [];
            var first = target.ContainerCount;
            var withPrev = 0;
            foreach (ref readonly var container in payload.ContainersOf(pod))
            {
                withPrev += AddContainer(target, first, payload, container, previousContainers, resolutionNanoseconds, names);
            }

            podOrigins[target.Pods.Length] = origin;
            target.AddPod(new PodEntry(podNamespace, podName, first, target.ContainerCount - first), withPrev);
        }
    }

    /// <summary>Fills <paramref name="target"/> with everything in <paramref name="previous"/> but one pod (it left the cluster).</summary>
    public static void FillWithout(NodeTable target, NodeTable previous, int droppedPod)
    {
        if (previous.HasNode)
        {
            target.SetNode(previous.Node);
        }

        var pods = previous.Pods;
        for (var i = 0; i < pods.Length; i++)
        {
            if (i == droppedPod)
            {
                continue;
            }

            var first = target.ContainerCount;
            var withPrev = 0;
            foreach (ref readonly var container in previous.ContainersOf(pods[i]))
            {
                target.AddContainer(container);
                withPrev += container.State.HasPrev ? 1 : 0;
            }

            target.AddPod(pods[i] with { FirstContainer = first }, withPrev);
        }
    }

    private static SeriesState NodeState(in NodeSample sample, NodeTable? previous)
    {
        var last = new CumulativePoint(sample.TimestampUnixNano, CumulativePoint.NoStart, sample.CpuNanoCoreSeconds);
        CumulativePoint? prev = null;
        if (previous is { HasNode: true } && PrevPointRules.TryCarry(previous.Node, last.TimestampUnixNano, out var carried))
        {
            prev = carried;
        }

        return new SeriesState(last, prev, sample.MemoryWorkingSetBytes, sample.HasSwap ? sample.SwapUsageBytes : null);
    }

    /// <summary>Adds one container unless the pod already has one of that name; returns 1 when it has a prev.</summary>
    private static int AddContainer(
        NodeTable target,
        int podFirstContainer,
        DecodedPayload payload,
        in ContainerSample sample,
        ReadOnlySpan<ContainerSeries> previousContainers,
        long resolutionNanoseconds,
        NameInterner names)
    {
        var nameUtf8 = payload.Label(sample.Name);
        var added = target.Containers[podFirstContainer..];
        foreach (ref readonly var sibling in added)
        {
            if (Utf8NameComparer.TextEquals(nameUtf8, sibling.Name))
            {
                return 0; // a repeated container in one pod: the first wins, as in the reference
            }
        }

        var origin = FindContainer(previousContainers, nameUtf8, added.Length);
        var stored = origin >= 0 ? previousContainers[origin].State : default;
        var point = new CumulativePoint(
            sample.TimestampUnixNano,
            sample.StartTimeUnixNano == 0 ? CumulativePoint.NoStart : sample.StartTimeUnixNano,
            sample.CpuNanoCoreSeconds);
        var hasPrev = PrevPointRules.TrySelectForContainer(point, origin >= 0, stored, resolutionNanoseconds, out var prev);
        target.AddContainer(new ContainerSeries
        {
            Name = origin >= 0 ? previousContainers[origin].Name : names.Intern(nameUtf8),
            State = new SeriesState(point, hasPrev ? prev : null, sample.MemoryWorkingSetBytes, sample.HasSwap ? sample.SwapUsageBytes : null),
        });
        return hasPrev ? 1 : 0;
    }

    /// <summary>Payloads list pods in the same order every scrape, so the expected position almost always matches.</summary>
    private static int FindPod(ReadOnlySpan<PodEntry> pods, ReadOnlySpan<byte> namespaceUtf8, ReadOnlySpan<byte> nameUtf8, int hint)
    {
        if (hint < pods.Length && IsPod(pods[hint], namespaceUtf8, nameUtf8))
        {
            return hint;
        }

        for (var i = 0; i < pods.Length; i++)
        {
            if (i != hint && IsPod(pods[i], namespaceUtf8, nameUtf8))
            {
                return i;
            }
        }

        return -1;
    }

    private static int FindContainer(ReadOnlySpan<ContainerSeries> containers, ReadOnlySpan<byte> nameUtf8, int hint)
    {
        if (hint < containers.Length && Utf8NameComparer.TextEquals(nameUtf8, containers[hint].Name))
        {
            return hint;
        }

        for (var i = 0; i < containers.Length; i++)
        {
            if (i != hint && Utf8NameComparer.TextEquals(nameUtf8, containers[i].Name))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsNewPodRepeated(NodeTable target, ReadOnlySpan<int> podOrigins, ReadOnlySpan<byte> namespaceUtf8, ReadOnlySpan<byte> nameUtf8)
    {
        var added = target.Pods;
        for (var i = 0; i < added.Length; i++)
        {
            if (podOrigins[i] < 0 && IsPod(added[i], namespaceUtf8, nameUtf8))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPod(in PodEntry pod, ReadOnlySpan<byte> namespaceUtf8, ReadOnlySpan<byte> nameUtf8) =>
        Utf8NameComparer.TextEquals(nameUtf8, pod.Name) && Utf8NameComparer.TextEquals(namespaceUtf8, pod.Namespace);
}
