using k8s.Models;

namespace MetricsOperator.Scraping;

/// <summary>The nodes the scraper should consider; the node informer is the production source.</summary>
internal interface INodeSource
{
    /// <summary>The current nodes. May throw when the source is unavailable; the scraper then skips the round's nodes.</summary>
    IReadOnlyCollection<V1Node> ListNodes();
}
