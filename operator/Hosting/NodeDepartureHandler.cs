using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Storage;

namespace MetricsOperator.Hosting;

/// <summary>A node deleted from the cluster stops being served at once (not after the staleness bound).</summary>
internal sealed class NodeDepartureHandler(MetricsStore store) : IInformerEventHandler<V1Node>
{
    public void OnAdded(V1Node item)
    {
    }

    public void OnUpdated(V1Node previous, V1Node current)
    {
    }

    public void OnDeleted(V1Node item) => store.RemoveNode(item.Metadata.Name);
}
