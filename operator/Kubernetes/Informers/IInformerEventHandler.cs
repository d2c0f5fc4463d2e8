namespace MetricsOperator.Kubernetes.Informers;

/// <summary>
/// Told about changes to an <see cref="InformerCache{T}"/>, in order, after the cache has applied them. Deletions
/// found by a relist are reported like watched ones. Objects are shared with the cache: do not modify them.
/// </summary>
internal interface IInformerEventHandler<in T>
{
    void OnAdded(T item);

    void OnUpdated(T previous, T current);

    void OnDeleted(T item);
}
