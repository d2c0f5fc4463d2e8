using k8s.Models;

namespace MetricsOperator.Scraping;

/// <summary>A fixed, replaceable node list (tests, benchmarks and the farm harness).</summary>
internal sealed class StaticNodeSource : INodeSource
{
    private IReadOnlyCollection<V1Node> _nodes;

    public StaticNodeSource(IReadOnlyCollection<V1Node> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        _nodes = nodes;
    }

    public IReadOnlyCollection<V1Node> ListNodes() => Volatile.Read(ref _nodes);

    public void Replace(IReadOnlyCollection<V1Node> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        Volatile.Write(ref _nodes, nodes);
    }
}
