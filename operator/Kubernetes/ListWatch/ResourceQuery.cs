using System.Globalization;
using System.Text;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// What an <see cref="HttpListWatchSource{T}"/> lists and watches: the collection path relative to the API root,
/// server-side selectors, and the Accept headers (which ask for a representation such as metadata only).
/// </summary>
internal sealed record ResourceQuery(string ResourceName, string Path)
{
    public const string JsonAccept = "application/json";
    public const string MetadataListAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    public const string MetadataWatchAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

    public string? FieldSelector { get; init; }

    public string? LabelSelector { get; init; }

    public string ListAccept { get; init; } = JsonAccept;

    public string WatchAccept { get; init; } = JsonAccept;

    /// <summary>The collection at <paramref name="path"/> (e.g. <c>api/v1/pods</c>) as PartialObjectMetadata only.</summary>
    public static ResourceQuery Metadata(string resourceName, string path) =>
        new(resourceName, path) { ListAccept = MetadataListAccept, WatchAccept = MetadataWatchAccept };

    public string ListUri(ListRequest request) => Build(
        ("fieldSelector", FieldSelector),
        ("labelSelector", LabelSelector),
        ("limit", request.Limit?.ToString(CultureInfo.InvariantCulture)),
        ("continue", request.Continue));

    public string WatchUri(WatchRequest request) => Build(
        ("fieldSelector", FieldSelector),
        ("labelSelector", LabelSelector),
        ("watch", "true"),
        ("allowWatchBookmarks", request.AllowBookmarks ? "true" : null),
        ("resourceVersion", request.ResourceVersion),
        ("timeoutSeconds", request.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)));

    private string Build(params ReadOnlySpan<(string Name, string? Value)> parameters)
    {
        var uri = new StringBuilder(Path.TrimStart('/'));
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (!string.IsNullOrEmpty(value))
            {
                uri.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        return uri.ToString();
    }
}
