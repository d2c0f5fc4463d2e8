using MetricsOperator.Serving.Api;
using MetricsOperator.Storage;

namespace MetricsOperator.Serving.Protobuf;

/// <summary>
/// The k8s.io/metrics v1beta1 messages (NodeMetrics, PodMetrics, ContainerMetrics and their lists), prepended to a
/// <see cref="ReverseProtobufWriter"/>: fields go in reverse order, so the bytes read in ascending field order as
/// the Go encoder writes them. Maps are written as repeated entries in key order, again as Go does.
/// </summary>
internal static class MetricsMessages
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    public static void PrependNodeList(ref ReverseProtobufWriter writer, IReadOnlyList<ServedNode> nodes, in RepresentationContext context)
    {
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            var end = writer.Length;
            PrependNode(ref writer, nodes[i], context);
            writer.PrependMessageHeader(MetricsProtoFields.List.Items, end);
        }

        PrependEmptyListMeta(ref writer);
    }

    public static void PrependPodList(ref ReverseProtobufWriter writer, IReadOnlyList<ServedPod> pods, in RepresentationContext context)
    {
        for (var i = pods.Count - 1; i >= 0; i--)
        {
            var end = writer.Length;
            PrependPod(ref writer, pods[i], context);
            writer.PrependMessageHeader(MetricsProtoFields.List.Items, end);
        }

        PrependEmptyListMeta(ref writer);
    }

    public static void PrependNode(ref ReverseProtobufWriter writer, in ServedNode node, in RepresentationContext context)
    {
        var usage = node.Usage;
        PrependUsage(ref writer, MetricsProtoFields.NodeMetrics.Usage, usage.Usage, context.IncludeSwap);
        PrependWindowAndTimestamp(ref writer, usage.Measured);
        ObjectMetaMessage.Prepend(ref writer, MetricsProtoFields.NodeMetrics.Metadata, usage.Name, podNamespace: null, node.Labels, context.Now);
    }

    public static void PrependPod(ref ReverseProtobufWriter writer, in ServedPod pod, in RepresentationContext context)
    {
        var usage = pod.Usage;
        var containers = usage.Containers;
        for (var i = containers.Count - 1; i >= 0; i--)
        {
            var end = writer.Length;
            PrependContainer(ref writer, containers[i], context.IncludeSwap);
            writer.PrependMessageHeader(MetricsProtoFields.PodMetrics.Containers, end);
        }

        PrependWindowAndTimestamp(ref writer, usage.Measured);
        ObjectMetaMessage.Prepend(ref writer, MetricsProtoFields.PodMetrics.Metadata, usage.Name, usage.Namespace, pod.Labels, context.Now);
    }

    /// <summary>apimachinery <c>Time</c>: whole seconds only, as Go's encoder drops the nanoseconds (JSON has none either).</summary>
    public static void PrependTime(ref ReverseProtobufWriter writer, int field, long unixSeconds)
    {
        var end = writer.Length;
        writer.PrependInt64Field(MetricsProtoFields.Time.Seconds, unixSeconds);
        writer.PrependMessageHeader(field, end);
    }

    private static void PrependContainer(ref ReverseProtobufWriter writer, in ContainerUsage container, bool includeSwap)
    {
        PrependUsage(ref writer, MetricsProtoFields.ContainerMetrics.Usage, container.Usage, includeSwap);
        writer.PrependStringField(MetricsProtoFields.ContainerMetrics.Name, container.Name);
    }

    /// <summary>Timestamp (field 2) and window (field 3) share their numbers in NodeMetrics and PodMetrics.</summary>
    private static void PrependWindowAndTimestamp(ref ReverseProtobufWriter writer, MeasurementWindow measured)
    {
        var end = writer.Length;
        writer.PrependInt64Field(MetricsProtoFields.Duration.Nanoseconds, measured.WindowNanoseconds);
        writer.PrependMessageHeader(MetricsProtoFields.NodeMetrics.Window, end);
        PrependTime(ref writer, MetricsProtoFields.NodeMetrics.Timestamp, FloorToSeconds(measured.TimestampUnixNano));
    }

    /// <summary>The <c>map&lt;string, Quantity&gt;</c> usage, keys in order: cpu, memory, then swap when served.</summary>
    private static void PrependUsage(ref ReverseProtobufWriter writer, int field, in ResourceUsage usage, bool includeSwap)
    {
        Span<byte> quantity = stackalloc byte[QuantityFormatter.MaxLength];
        if (includeSwap && usage.HasSwap)
        {
            var length = QuantityFormatter.FormatBytes(usage.SwapBytes, quantity);
            PrependQuantityEntry(ref writer, field, "swap"u8, quantity[..length]);
        }

        var memoryLength = QuantityFormatter.FormatBytes(usage.MemoryBytes, quantity);
        PrependQuantityEntry(ref writer, field, "memory"u8, quantity[..memoryLength]);

        var cpuLength = QuantityFormatter.FormatCpuNanoCores(usage.CpuNanoCores, quantity);
        PrependQuantityEntry(ref writer, field, "cpu"u8, quantity[..cpuLength]);
    }

    /// <summary>One map entry: key (field 1) and a <c>resource.Quantity</c> (field 2) holding its canonical string.</summary>
    private static void PrependQuantityEntry(ref ReverseProtobufWriter writer, int field, scoped ReadOnlySpan<byte> key, scoped ReadOnlySpan<byte> quantity)
    {
        var entryEnd = writer.Length;
        var quantityEnd = writer.Length;
        writer.PrependBytesField(MetricsProtoFields.Quantity.String, quantity);
        writer.PrependMessageHeader(MetricsProtoFields.MapEntry.Value, quantityEnd);
        writer.PrependBytesField(MetricsProtoFields.MapEntry.Key, key);
        writer.PrependMessageHeader(field, entryEnd);
    }

    /// <summary>Lists carry an empty <c>ListMeta</c>, as the reference's do (JSON <c>"metadata": {}</c>).</summary>
    private static void PrependEmptyListMeta(ref ReverseProtobufWriter writer) =>
        writer.PrependMessageHeader(MetricsProtoFields.List.Metadata, writer.Length);

    private static long FloorToSeconds(long unixNanoseconds)
    {
        var seconds = Math.DivRem(unixNanoseconds, NanosecondsPerSecond, out var remainder);
        return remainder < 0 ? seconds - 1 : seconds;
    }
}
