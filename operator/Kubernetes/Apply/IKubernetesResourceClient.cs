using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.Apply;

/// <summary>
/// The few API calls a reconciler makes, for any kind with a <see cref="KubernetesEntityAttribute"/> (built-in or custom).
/// Failures surface as <see cref="ListWatch.KubernetesApiException"/> with the HTTP status and the server's message.
/// </summary>
internal interface IKubernetesResourceClient
{
    /// <summary>The object, or null when it does not exist (404).</summary>
    Task<T?> GetAsync<T>(string? ns, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Server-side apply of <paramref name="desired"/> (field manager <c>metrics-operator</c>, conflicts forced).</summary>
    Task<T> ApplyAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Server-side apply of the status of <paramref name="desiredWithStatus"/> through the status subresource.</summary>
    Task<T> ApplyStatusAsync<T>(T desiredWithStatus, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>JSON merge patch of the status subresource.</summary>
    Task<T> PatchStatusAsync<T>(string? ns, string name, object mergePatch, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Creates <paramref name="item"/> (POST to its collection; a name is optional); a conflict (409) is thrown.</summary>
    Task<T> CreateAsync<T>(T item, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Replaces <paramref name="item"/> (PUT); its metadata.resourceVersion makes it conditional, and a conflict (409) is thrown.</summary>
    Task<T> ReplaceAsync<T>(T item, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>JSON merge patch of the object (finalizers, annotations); include metadata.resourceVersion to make it conditional.</summary>
    Task<T> PatchMetadataAsync<T>(string? ns, string name, object mergePatch, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Deletes the object; a missing object is not an error. <paramref name="preconditionUid"/> guards against deleting a newer namesake.</summary>
    Task DeleteAsync<T>(string? ns, string name, CancellationToken cancellationToken, string? preconditionUid = null)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>All objects in <paramref name="ns"/> (all namespaces or cluster-wide when null), optionally label-selected.</summary>
    Task<IList<T>> ListAsync<T>(string? ns, string? labelSelector, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;
}
