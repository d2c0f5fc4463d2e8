namespace MetricsOperator.Serving.Discovery;

/// <summary>One served resource of metrics.k8s.io/v1beta1, as discovery and the OpenAPI documents describe it.</summary>
internal sealed record MetricsApiResource(string Name, string Kind, bool Namespaced)
{
    /// <summary>get and list only: no watch and no mutating verb, as the reference registers them.</summary>
    public static IReadOnlyList<string> Verbs { get; } = ["get", "list"];

    public string ListKind => Kind + "List";
}

/// <summary>The one API group and version this server serves, and its resources.</summary>
internal static class MetricsApiGroup
{
    public const string Name = "metrics.k8s.io";
    public const string Version = "v1beta1";
    public const string GroupVersion = Name + "/" + Version;

    /// <summary>The path prefix of the group version, without a trailing slash.</summary>
    public const string Path = "/apis/" + GroupVersion;

    public static MetricsApiResource Nodes { get; } = new("nodes", "NodeMetrics", Namespaced: false);

    public static MetricsApiResource Pods { get; } = new("pods", "PodMetrics", Namespaced: true);

    public static IReadOnlyList<MetricsApiResource> Resources { get; } = [Nodes, Pods];
}
