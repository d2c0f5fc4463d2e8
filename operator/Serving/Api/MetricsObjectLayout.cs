using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Storage;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// The fields of NodeMetrics, PodMetrics and their lists, in the order the reference serialises them. A single
/// object carries <c>kind</c>/<c>apiVersion</c>; list items do not (the list does). Usage keys are sorted as Go
/// sorts map keys: <c>cpu</c>, <c>memory</c>, then <c>swap</c> when swap is served and was reported.
/// </summary>
internal static class MetricsObjectLayout
{
    public const string ApiVersion = "metrics.k8s.io/v1beta1";
    public const string NodeKind = "NodeMetrics";
    public const string PodKind = "PodMetrics";
    public const string NodeListKind = "NodeMetricsList";
    public const string PodListKind = "PodMetricsList";

    public static void WriteNode<TWriter>(TWriter writer, in ServedNode node, in LayoutContext context, bool withTypeMeta)
        where TWriter : struct, IDocumentWriter
    {
        writer.StartMapping();
        WriteNodeFields(writer, node, context, withTypeMeta);
        writer.EndMapping();
    }

    public static void WritePod<TWriter>(TWriter writer, in ServedPod pod, in LayoutContext context, bool withTypeMeta)
        where TWriter : struct, IDocumentWriter
    {
        writer.StartMapping();
        WritePodFields(writer, pod, context, withTypeMeta);
        writer.EndMapping();
    }

    /// <summary>The fields of a NodeMetrics, inside a mapping the caller opened (a document, a list item or a Table row's object).</summary>
    public static void WriteNodeFields<TWriter>(TWriter writer, in ServedNode node, in LayoutContext context, bool withTypeMeta)
        where TWriter : struct, IDocumentWriter
    {
        var usage = node.Usage;
        if (withTypeMeta)
        {
            WriteTypeMeta(writer, NodeKind, ApiVersion);
        }

        WriteObjectMeta(writer, usage.Name, null, node.Labels, context);
        WriteMeasurement(writer, usage.Measured);
        WriteUsage(writer, FieldNames.Usage, usage.Usage, context.IncludeSwap);
    }

    /// <summary>The fields of a PodMetrics, inside a mapping the caller opened.</summary>
    public static void WritePodFields<TWriter>(TWriter writer, in ServedPod pod, in LayoutContext context, bool withTypeMeta)
        where TWriter : struct, IDocumentWriter
    {
        var usage = pod.Usage;
        if (withTypeMeta)
        {
            WriteTypeMeta(writer, PodKind, ApiVersion);
        }

        WriteObjectMeta(writer, usage.Name, usage.Namespace, pod.Labels, context);
        WriteMeasurement(writer, usage.Measured);
        WriteContainers(writer, usage.Containers, context.IncludeSwap);
    }

    public static void WriteNodeList<TWriter>(TWriter writer, IReadOnlyList<ServedNode> nodes, in LayoutContext context)
        where TWriter : struct, IDocumentWriter
    {
        WriteListStart(writer, NodeListKind);
        for (var i = 0; i < nodes.Count; i++)
        {
            WriteNode(writer, nodes[i], context, withTypeMeta: false);
        }

        WriteListEnd(writer);
    }

    public static void WritePodList<TWriter>(TWriter writer, IReadOnlyList<ServedPod> pods, in LayoutContext context)
        where TWriter : struct, IDocumentWriter
    {
        WriteListStart(writer, PodListKind);
        for (var i = 0; i < pods.Count; i++)
        {
            WritePod(writer, pods[i], context, withTypeMeta: false);
        }

        WriteListEnd(writer);
    }

    public static void WriteTypeMeta<TWriter>(TWriter writer, string kind, string apiVersion)
        where TWriter : struct, IDocumentWriter
    {
        writer.String(FieldNames.Kind, kind);
        writer.String(FieldNames.ApiVersion, apiVersion);
    }

    /// <summary><c>metadata</c>: name, namespace (namespaced objects), creationTimestamp (response time), labels.</summary>
    public static void WriteObjectMeta<TWriter>(
        TWriter writer, string name, string? objectNamespace, IReadOnlyDictionary<string, string>? labels, in LayoutContext context)
        where TWriter : struct, IDocumentWriter
    {
        writer.StartMapping(FieldNames.Metadata);
        writer.String(FieldNames.Name, name);
        if (!string.IsNullOrEmpty(objectNamespace))
        {
            writer.String(FieldNames.Namespace, objectNamespace);
        }

        var creationTimestamp = context.CreationTimestamp;
        writer.String(FieldNames.CreationTimestamp, creationTimestamp.Utf8);
        WriteLabels(writer, labels);
        writer.EndMapping();
    }

    public static void WriteListStart<TWriter>(TWriter writer, string kind)
        where TWriter : struct, IDocumentWriter
    {
        writer.StartMapping();
        WriteTypeMeta(writer, kind, ApiVersion);
        writer.StartMapping(FieldNames.Metadata);
        writer.EndMapping();
        writer.StartSequence(FieldNames.Items);
    }

    public static void WriteListEnd<TWriter>(TWriter writer)
        where TWriter : struct, IDocumentWriter
    {
        writer.EndSequence();
        writer.EndMapping();
    }

    /// <summary>Labels in key order, omitted when there are none (Go's <c>omitempty</c>).</summary>
    private static void WriteLabels<TWriter>(TWriter writer, IReadOnlyDictionary<string, string>? labels)
        where TWriter : struct, IDocumentWriter
    {
        if (labels is null || labels.Count == 0)
        {
            return;
        }

        // The caches hand out LabelSets (sorted, shared, cacheable); anything else is sorted into one here.
        writer.Labels(FieldNames.Labels, labels as LabelSet ?? LabelSet.From(labels));
    }

    private static void WriteMeasurement<TWriter>(TWriter writer, in MeasurementWindow measured)
        where TWriter : struct, IDocumentWriter
    {
        var timestamp = WireText.Timestamp(measured);
        var window = WireText.Window(measured);
        writer.String(FieldNames.Timestamp, timestamp.Utf8);
        writer.String(FieldNames.Window, window.Utf8);
    }

    private static void WriteContainers<TWriter>(TWriter writer, in PodContainers containers, bool includeSwap)
        where TWriter : struct, IDocumentWriter
    {
        var order = containers.Count <= ContainerOrder.StackLimit ? stackalloc int[containers.Count] : new int[containers.Count];
        ContainerOrder.Sort(containers, order);
        writer.StartSequence(FieldNames.Containers);
        foreach (var index in order)
        {
            var container = containers[index];
            writer.StartMapping();
            writer.String(FieldNames.Name, container.Name);
            WriteUsage(writer, FieldNames.Usage, container.Usage, includeSwap);
            writer.EndMapping();
        }

        writer.EndSequence();
    }

    private static void WriteUsage<TWriter>(TWriter writer, FieldName name, in ResourceUsage usage, bool includeSwap)
        where TWriter : struct, IDocumentWriter
    {
        var cpu = WireText.Cpu(usage.CpuNanoCores);
        var memory = WireText.Bytes(usage.MemoryBytes);
        writer.StartMapping(name);
        writer.String(FieldNames.Cpu, cpu.Utf8);
        writer.String(FieldNames.Memory, memory.Utf8);
        if (includeSwap && usage.HasSwap)
        {
            var swap = WireText.Bytes(usage.SwapBytes);
            writer.String(FieldNames.Swap, swap.Utf8);
        }

        writer.EndMapping();
    }
}
