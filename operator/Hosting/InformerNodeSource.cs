using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Scraping;

namespace MetricsOperator.Hosting;

/// <summary>The scraper's node list, read from the node informer's cache.</summary>
internal sealed class InformerNodeSource(InformerCache<V1Node> cache) : INodeSource
{
    public IReadOnlyCollection<V1Node> ListNodes() => cache.List();
}
