using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Serving.Api;

/// <summary>A fixed set of nodes: for tests, benchmarks and a standalone server fed without an API server.</summary>
internal sealed class StaticNodeDirectory : INodeDirectory
{
    private readonly NodeSnapshot _nodes;

    public StaticNodeDirectory(IEnumerable<KeyValuePair<string, IReadOnlyDictionary<string, string>?>> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var entries = new List<KeyValuePair<string, LabelSet>>();
        foreach (var (name, labels) in nodes)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(nodes));
            entries.Add(new(name, LabelSet.From(labels)));
        }

        _nodes = new NodeSnapshot(entries);
    }

    /// <summary>Nodes without labels.</summary>
    public static StaticNodeDirectory Named(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var nodes = new KeyValuePair<string, IReadOnlyDictionary<string, string>?>[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            nodes[i] = new(names[i], null);
        }

        return new StaticNodeDirectory(nodes);
    }

    public bool TryGet(string name, out NodeEntry node) => _nodes.TryGet(name, out node);

    public void Collect(LabelSelector selector, List<NodeEntry> into) => _nodes.Collect(selector, into);
}
