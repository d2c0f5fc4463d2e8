namespace MetricsOperator.Kubernetes.Informers;

internal enum InformerChangeKind
{
    Added,
    Updated,
    Deleted,
}

/// <summary>One change an <see cref="InformerCache{T}"/> applied, waiting to be delivered to handlers.</summary>
internal readonly record struct InformerChange<T>(InformerChangeKind Kind, T? Previous, T Current)
{
    public static InformerChange<T> Added(T item) => new(InformerChangeKind.Added, default, item);

    public static InformerChange<T> Updated(T previous, T current) => new(InformerChangeKind.Updated, previous, current);

    public static InformerChange<T> Deleted(T item) => new(InformerChangeKind.Deleted, default, item);

    public void DeliverTo(IInformerEventHandler<T> handler)
    {
        switch (Kind)
        {
            case InformerChangeKind.Added:
                handler.OnAdded(Current);
                break;
            case InformerChangeKind.Updated:
                handler.OnUpdated(Previous!, Current);
                break;
            default:
                handler.OnDeleted(Current);
                break;
        }
    }
}
