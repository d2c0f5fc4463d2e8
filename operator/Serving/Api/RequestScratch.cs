using MetricsOperator.Kubernetes.Pods;
using Microsoft.Extensions.ObjectPool;

namespace MetricsOperator.Serving.Api;

/// <summary>The lists one request fills, pooled so that a steady stream of HPA queries allocates none of them.</summary>
internal sealed class RequestScratch
{
    public List<NodeEntry> Nodes { get; } = [];

    public List<PodMetadata> Pods { get; } = [];

    public List<ServedNode> ServedNodes { get; } = [];

    public List<ServedPod> ServedPods { get; } = [];

    /// <summary>A namespace of a large cluster fits; a list of every pod does not and is not worth keeping in every pooled scratch.</summary>
    public const int RetainedCapacity = 16_384;

    /// <summary>Pools a few scratches; one that grew for a cluster-wide list is dropped rather than kept at that size.</summary>
    public static ObjectPool<RequestScratch> CreatePool() => new DefaultObjectPool<RequestScratch>(new Policy());

    private sealed class Policy : PooledObjectPolicy<RequestScratch>
    {
        public override RequestScratch Create() => new();

        public override bool Return(RequestScratch obj)
        {
            obj.Nodes.Clear();
            obj.Pods.Clear();
            obj.ServedNodes.Clear();
            obj.ServedPods.Clear();
            return obj.Nodes.Capacity <= RetainedCapacity
                && obj.Pods.Capacity <= RetainedCapacity
                && obj.ServedNodes.Capacity <= RetainedCapacity
                && obj.ServedPods.Capacity <= RetainedCapacity;
        }
    }
}
