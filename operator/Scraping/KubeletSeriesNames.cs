namespace MetricsOperator.Scraping;

/// <summary>The kubelet <c>/metrics/resource</c> families the decoder reads; every other family is <see cref="Other"/>.</summary>
internal enum KubeletSeriesKind : byte
{
    Other,
    NodeCpu,
    NodeMemory,
    NodeSwap,
    ContainerCpu,
    ContainerMemory,
    ContainerSwap,
    ContainerStartTime,
}

/// <summary>Recognises a family by its exact name at the start of a sample line.</summary>
internal static class KubeletSeriesNames
{
    /// <summary>
    /// Matches the metric name at the start of <paramref name="line"/>. A name only matches when the next byte
    /// ends it (<c>{</c>, a blank or the end of the line), so <c>node_cpu_usage_seconds_total_x</c> is another family.
    /// </summary>
    public static KubeletSeriesKind Match(ReadOnlySpan<byte> line, out int nameLength)
    {
        if (line.StartsWith("container_"u8))
        {
            var rest = line["container_".Length..];
            return MatchSuffix(rest, "cpu_usage_seconds_total"u8, KubeletSeriesKind.ContainerCpu, "container_".Length, out nameLength)
                ?? MatchSuffix(rest, "memory_working_set_bytes"u8, KubeletSeriesKind.ContainerMemory, "container_".Length, out nameLength)
                ?? MatchSuffix(rest, "start_time_seconds"u8, KubeletSeriesKind.ContainerStartTime, "container_".Length, out nameLength)
                ?? MatchSuffix(rest, "swap_usage_bytes"u8, KubeletSeriesKind.ContainerSwap, "container_".Length, out nameLength)
                ?? KubeletSeriesKind.Other;
        }

        if (line.StartsWith("node_"u8))
        {
            var rest = line["node_".Length..];
            return MatchSuffix(rest, "cpu_usage_seconds_total"u8, KubeletSeriesKind.NodeCpu, "node_".Length, out nameLength)
                ?? MatchSuffix(rest, "memory_working_set_bytes"u8, KubeletSeriesKind.NodeMemory, "node_".Length, out nameLength)
                ?? MatchSuffix(rest, "swap_usage_bytes"u8, KubeletSeriesKind.NodeSwap, "node_".Length, out nameLength)
                ?? KubeletSeriesKind.Other;
        }

        nameLength = 0;
        return KubeletSeriesKind.Other;
    }

    public static bool IsContainerSeries(KubeletSeriesKind kind) => kind >= KubeletSeriesKind.ContainerCpu;

    private static KubeletSeriesKind? MatchSuffix(
        ReadOnlySpan<byte> rest, ReadOnlySpan<byte> suffix, KubeletSeriesKind kind, int prefixLength, out int nameLength)
    {
        if (rest.StartsWith(suffix) && (rest.Length == suffix.Length || rest[suffix.Length] is (byte)'{' or (byte)' ' or (byte)'\t'))
        {
            nameLength = prefixLength + suffix.Length;
            return kind;
        }

        nameLength = 0;
        return null;
    }
}
