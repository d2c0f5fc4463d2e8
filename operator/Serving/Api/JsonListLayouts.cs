namespace MetricsOperator.Serving.Api;

/// <summary>NodeMetricsList: items without kind/apiVersion.</summary>
internal sealed class NodeListLayout : IJsonListLayout<ServedNode>
{
    public static readonly NodeListLayout Instance = new();

    public void WriteStart(JsonDocumentWriter writer) => MetricsObjectLayout.WriteListStart(writer, MetricsObjectLayout.NodeListKind);

    public void WriteItem(JsonDocumentWriter writer, in ServedNode item, in LayoutContext context) =>
        MetricsObjectLayout.WriteNode(writer, item, context, withTypeMeta: false);

    public void WriteEnd(JsonDocumentWriter writer) => MetricsObjectLayout.WriteListEnd(writer);
}

/// <summary>PodMetricsList: items without kind/apiVersion.</summary>
internal sealed class PodListLayout : IJsonListLayout<ServedPod>
{
    public static readonly PodListLayout Instance = new();

    public void WriteStart(JsonDocumentWriter writer) => MetricsObjectLayout.WriteListStart(writer, MetricsObjectLayout.PodListKind);

    public void WriteItem(JsonDocumentWriter writer, in ServedPod item, in LayoutContext context) =>
        MetricsObjectLayout.WritePod(writer, item, context, withTypeMeta: false);

    public void WriteEnd(JsonDocumentWriter writer) => MetricsObjectLayout.WriteListEnd(writer);
}

/// <summary>A Table of nodes in one meta.k8s.io group version.</summary>
internal sealed class NodeTableLayout(string apiVersion) : IJsonListLayout<ServedNode>
{
    public void WriteStart(JsonDocumentWriter writer) => TableLayout.WriteStart(writer, apiVersion);

    public void WriteItem(JsonDocumentWriter writer, in ServedNode item, in LayoutContext context) =>
        TableLayout.WriteNodeRow(writer, item, apiVersion, context);

    public void WriteEnd(JsonDocumentWriter writer) => TableLayout.WriteEnd(writer);
}

/// <summary>A Table of pods in one meta.k8s.io group version.</summary>
internal sealed class PodTableLayout(string apiVersion) : IJsonListLayout<ServedPod>
{
    public void WriteStart(JsonDocumentWriter writer) => TableLayout.WriteStart(writer, apiVersion);

    public void WriteItem(JsonDocumentWriter writer, in ServedPod item, in LayoutContext context) =>
        TableLayout.WritePodRow(writer, item, apiVersion, context);

    public void WriteEnd(JsonDocumentWriter writer) => TableLayout.WriteEnd(writer);
}
