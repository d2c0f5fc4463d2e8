using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.Informers;

namespace MetricsOperator.Tests.Kubernetes.Testing;

/// <summary>Records handler calls as <c>added a@5</c>, <c>updated b@5->6</c>, <c>deleted a@5</c>.</summary>
internal sealed class RecordingHandler<T> : IInformerEventHandler<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    public void OnAdded(T item) => _calls.Enqueue($"added {Describe(item)}");

    public void OnUpdated(T previous, T current) =>
        _calls.Enqueue($"updated {current.Metadata.Name}@{previous.Metadata.ResourceVersion}->{current.Metadata.ResourceVersion}");

    public void OnDeleted(T item) => _calls.Enqueue($"deleted {Describe(item)}");

    public void Clear() => _calls.Clear();

    private static string Describe(T item) => $"{item.Metadata.Name}@{item.Metadata.ResourceVersion}";
}
