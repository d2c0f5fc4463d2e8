using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Serving.Api;

/// <summary>An immutable set of nodes, indexed by name and sorted by name, shared by every reader until the next change.</summary>
internal sealed class NodeSnapshot
{
    private readonly Dictionary<string, NodeEntry> _byName;
    private readonly NodeEntry[] _sorted;

    public NodeSnapshot(IEnumerable<KeyValuePair<string, LabelSet>> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        _byName = new Dictionary<string, NodeEntry>(StringComparer.Ordinal);
        foreach (var (name, labels) in nodes)
        {
            _byName[name] = new NodeEntry(name, labels);
        }

        _sorted = [.. _byName.Values];
        Array.Sort(_sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
    }

    public static NodeSnapshot Empty { get; } = new([]);

    public int Count => _sorted.Length;

    public bool TryGet(string name, out NodeEntry node) => _byName.TryGetValue(name, out node);

    public void Collect(LabelSelector selector, List<NodeEntry> into)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(into);
        foreach (var node in _sorted)
        {
            if (selector.IsEverything || selector.Matches(node.Labels))
            {
                into.Add(node);
            }
        }
    }
}
