namespace MetricsOperator.Kubernetes.Informers;

/// <summary>An <see cref="IInformerEventHandler{T}"/> made of optional delegates.</summary>
internal sealed class InformerEventCallbacks<T> : IInformerEventHandler<T>
{
    public Action<T>? Added { get; init; }

    public Action<T, T>? Updated { get; init; }

    public Action<T>? Deleted { get; init; }

    public void OnAdded(T item) => Added?.Invoke(item);

    public void OnUpdated(T previous, T current) => Updated?.Invoke(previous, current);

    public void OnDeleted(T item) => Deleted?.Invoke(item);
}
