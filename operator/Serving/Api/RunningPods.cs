using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Serving.Api;

/// <summary>The running pods (namespace, name, labels): only these can have their metrics served.</summary>
internal interface IRunningPods
{
    bool TryGet(string podNamespace, string name, out PodMetadata pod);

    /// <summary>
    /// Appends the pods of <paramref name="podNamespace"/> (all namespaces when null) whose labels match
    /// <paramref name="selector"/>, in (namespace, name) ordinal order, the order of every list the API serves.
    /// Implementations use a label index where they can.
    /// </summary>
    void Collect(string? podNamespace, LabelSelector selector, List<PodMetadata> into);
}

/// <summary>The running pods as the pod metadata informer's <see cref="PodMetadataCache"/> holds them.</summary>
internal sealed class CachedRunningPods(PodMetadataCache cache) : IRunningPods
{
    private readonly PodMetadataCache _cache = cache ?? throw new ArgumentNullException(nameof(cache));

    public bool TryGet(string podNamespace, string name, out PodMetadata pod) => _cache.TryGet(podNamespace, name, out pod);

    public void Collect(string? podNamespace, LabelSelector selector, List<PodMetadata> into) => _cache.Collect(podNamespace, selector, into);
}
