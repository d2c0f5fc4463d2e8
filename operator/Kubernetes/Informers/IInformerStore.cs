using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.Informers;

/// <summary>
/// Where an <see cref="Informer{T}"/> writes what it learns. Called from the informer's single loop, so calls never
/// overlap for one informer; implementations make the result safe for concurrent readers.
/// Items always carry <c>metadata.name</c>.
/// </summary>
internal interface IInformerStore<in T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>A complete LIST result: afterwards the store holds exactly <paramref name="items"/>.</summary>
    void Replace(IReadOnlyList<T> items);

    /// <summary>An ADDED or MODIFIED watch event.</summary>
    void Upsert(T item);

    /// <summary>A DELETED watch event (<paramref name="item"/> is the object's last state).</summary>
    void Remove(T item);
}
