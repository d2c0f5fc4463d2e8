using System.Runtime.InteropServices;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Serving.Api;

/// <summary>A node as the API sees it before looking up metrics: its name and its own labels.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct NodeEntry(string Name, LabelSet Labels);

/// <summary>The cluster's nodes (name and labels), as the node informer knows them.</summary>
internal interface INodeDirectory
{
    bool TryGet(string name, out NodeEntry node);

    /// <summary>Appends the nodes whose labels match <paramref name="selector"/>, in name order (ordinal).</summary>
    void Collect(LabelSelector selector, List<NodeEntry> into);
}
