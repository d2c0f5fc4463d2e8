using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// One watch event. For <see cref="WatchEventType.Error"/>, <see cref="Status"/> is the server's status (or one
/// describing an undecodable event) and <see cref="Object"/> is null; otherwise <see cref="Object"/> is set
/// (for a bookmark it carries only <c>metadata.resourceVersion</c>).
/// </summary>
internal readonly record struct WatchEvent<T>(WatchEventType Type, T? Object, V1Status? Status)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public static WatchEvent<T> Of(WatchEventType type, T item) => new(type, item, null);

    public static WatchEvent<T> Failure(V1Status status) => new(WatchEventType.Error, null, status);

    public string? ResourceVersion => Object?.Metadata?.ResourceVersion;
}
