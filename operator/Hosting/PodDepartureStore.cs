using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Kubernetes.Selectors;
using MetricsOperator.Storage;

namespace MetricsOperator.Hosting;

/// <summary>
/// Feeds the pod metadata cache and tells the store about pods that left (deleted, or no longer Running and so
/// gone from the Running-only watch), including those a relist finds missing.
/// </summary>
internal sealed class PodDepartureStore(PodMetadataCache cache, MetricsStore store) : Kubernetes.Informers.IInformerStore<PartialObjectMetadata>
{
    public void Replace(IReadOnlyList<PartialObjectMetadata> items)
    {
        var before = cache.List(null, LabelSelector.Everything);
        cache.Replace(items);
        var kept = new HashSet<(string, string)>(items.Count);
        foreach (var item in items)
        {
            kept.Add((item.Metadata.NamespaceProperty ?? string.Empty, item.Metadata.Name));
        }

        foreach (var pod in before)
        {
            if (!kept.Contains((pod.Namespace, pod.Name)))
            {
                store.RemovePod(pod.Namespace, pod.Name);
            }
        }
    }

    public void Upsert(PartialObjectMetadata item) => cache.Upsert(item);

    public void Remove(PartialObjectMetadata item)
    {
        cache.Remove(item);
        store.RemovePod(item.Metadata.NamespaceProperty ?? string.Empty, item.Metadata.Name);
    }
}
