namespace MetricsOperator.Serving.Discovery;

/// <summary>One read operation of metrics.k8s.io/v1beta1, as the OpenAPI documents describe it.</summary>
internal sealed record MetricsApiOperation(
    string Path,
    string Action,
    string OperationId,
    string Description,
    MetricsApiResource Resource,
    IReadOnlyList<(string Name, string Description)> PathParameters)
{
    private static readonly (string, string) NameParameter = ("name", "name of the object");
    private static readonly (string, string) NamespaceParameter = ("namespace", "object name and auth scope, such as for teams and projects");

    /// <summary>The query parameters a list honours (limit, continue and resourceVersion are accepted and ignored).</summary>
    public static IReadOnlyList<(string Name, string Description)> ListQueryParameters { get; } =
    [
        ("labelSelector", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
        ("fieldSelector", "A selector on metadata.name and metadata.namespace to restrict the list of returned objects. Defaults to everything."),
    ];

    public static IReadOnlyList<MetricsApiOperation> All { get; } =
    [
        new(MetricsApiGroup.Path + "/nodes", "list", "listMetricsV1beta1NodeMetrics", "list objects of kind NodeMetrics", MetricsApiGroup.Nodes, []),
        new(MetricsApiGroup.Path + "/nodes/{name}", "get", "readMetricsV1beta1NodeMetrics", "read the specified NodeMetrics", MetricsApiGroup.Nodes, [NameParameter]),
        new(MetricsApiGroup.Path + "/pods", "list", "listMetricsV1beta1PodMetricsForAllNamespaces", "list objects of kind PodMetrics in all namespaces", MetricsApiGroup.Pods, []),
        new(MetricsApiGroup.Path + "/namespaces/{namespace}/pods", "list", "listMetricsV1beta1NamespacedPodMetrics", "list objects of kind PodMetrics", MetricsApiGroup.Pods, [NamespaceParameter]),
        new(MetricsApiGroup.Path + "/namespaces/{namespace}/pods/{name}", "get", "readMetricsV1beta1NamespacedPodMetrics", "read the specified PodMetrics", MetricsApiGroup.Pods, [NamespaceParameter, NameParameter]),
    ];

    /// <summary>The definition the operation answers with: the kind for a get, its list for a list.</summary>
    public string ResponseDefinition => OpenApiSchemas.MetricsPrefix + (Action == "list" ? Resource.ListKind : Resource.Kind);
}
