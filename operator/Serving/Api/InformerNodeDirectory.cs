using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// The nodes of a node <see cref="InformerCache{T}"/>, kept as name and labels only. Readers share an immutable
/// snapshot that is rebuilt on the first read after a node was added, removed or relabelled; status updates (the
/// bulk of node events) leave it alone.
/// </summary>
internal sealed class InformerNodeDirectory : INodeDirectory, IInformerEventHandler<V1Node>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LabelSet> _nodes = new(StringComparer.Ordinal);
    private NodeSnapshot? _snapshot;

    private InformerNodeDirectory()
    {
    }

    /// <summary>A directory following <paramref name="nodes"/> (its current nodes are replayed at once).</summary>
    public static InformerNodeDirectory Attach(InformerCache<V1Node> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var directory = new InformerNodeDirectory();
        nodes.AddEventHandler(directory);
        return directory;
    }

    public bool TryGet(string name, out NodeEntry node) => Snapshot().TryGet(name, out node);

    public void Collect(LabelSelector selector, List<NodeEntry> into) => Snapshot().Collect(selector, into);

    public void OnAdded(V1Node item) => Set(item);

    public void OnUpdated(V1Node previous, V1Node current) => Set(current);

    public void OnDeleted(V1Node item)
    {
        if (item.Metadata?.Name is not { Length: > 0 } name)
        {
            return;
        }

        lock (_gate)
        {
            if (_nodes.Remove(name))
            {
                Volatile.Write(ref _snapshot, null);
            }
        }
    }

    private void Set(V1Node node)
    {
        if (node.Metadata?.Name is not { Length: > 0 } name)
        {
            return;
        }

        var labels = LabelSet.From(node.Metadata.Labels);
        lock (_gate)
        {
            if (_nodes.TryGetValue(name, out var current) && current.Equals(labels))
            {
                return;
            }

            _nodes[name] = labels;
            Volatile.Write(ref _snapshot, null);
        }
    }

    private NodeSnapshot Snapshot()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is not null)
        {
            return snapshot;
        }

        lock (_gate)
        {
            snapshot = _snapshot ?? new NodeSnapshot(_nodes);
            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
    }
}
