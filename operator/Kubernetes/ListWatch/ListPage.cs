using k8s.Models;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// One page of a LIST response. <paramref name="ResourceVersion"/> is the list's version (a watch resumes from the
/// last page's); <paramref name="Continue"/> is the token for the next page, null or empty on the last.
/// </summary>
internal sealed record ListPage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue)
{
    /// <summary>Adapts a typed client list (<c>V1NodeList</c>, a custom resource list) to a page.</summary>
    public static ListPage<T> From<TList>(TList list)
        where TList : IMetadata<V1ListMeta>, IItems<T> =>
        new(
            list.Items is IReadOnlyList<T> items ? items : [.. list.Items ?? []],
            list.Metadata?.ResourceVersion ?? string.Empty,
            list.Metadata?.ContinueProperty);
}
