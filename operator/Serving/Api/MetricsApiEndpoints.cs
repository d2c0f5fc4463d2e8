using MetricsOperator.Serving.Responses;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// Endpoint metadata naming the metrics resource a route serves, for middleware that needs request attributes
/// (authorization, request metrics): <c>nodes</c> or <c>pods</c>, and whether the route names one object (get) or
/// not (list; watch is refused).
/// </summary>
internal sealed record MetricsResourceEndpoint(string Resource, bool Named);

internal static class MetricsApiEndpoints
{
    public const string Prefix = "/apis/metrics.k8s.io/v1beta1";

    /// <summary>
    /// Maps the metrics.k8s.io/v1beta1 resource paths under <see cref="Prefix"/> (discovery of the group is mapped
    /// elsewhere). Routes take every method, so that mutating verbs get a 405 Status rather than an empty 405.
    /// Only slash-less templates are mapped: routing already lets <c>…/nodes/</c> match <c>…/nodes</c>, and
    /// mapping both is an ambiguous match. Needs <see cref="MetricsApiServiceCollectionExtensions.AddMetricsApi"/>.
    /// </summary>
    public static RouteGroupBuilder MapMetricsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var nodes = services.GetRequiredService<NodeMetricsEndpoints>();
        var pods = services.GetRequiredService<PodMetricsEndpoints>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MetricsApiEndpoints).FullName!);

        var group = endpoints.MapGroup(Prefix);
        Map(group, "nodes", nodes.ListAsync, new(NodeMetricsEndpoints.Resource, Named: false), logger);
        Map(group, "nodes/{name}", nodes.GetAsync, new(NodeMetricsEndpoints.Resource, Named: true), logger);
        Map(group, "pods", pods.ListAsync, new(PodMetricsEndpoints.Resource, Named: false), logger);
        Map(group, "namespaces/{namespace}/pods", pods.ListAsync, new(PodMetricsEndpoints.Resource, Named: false), logger);
        Map(group, "namespaces/{namespace}/pods/{name}", pods.GetAsync, new(PodMetricsEndpoints.Resource, Named: true), logger);

        // Anything else under the group version (literal routes such as discovery take precedence over this).
        group.Map("{**unknown}", static http => KubernetesStatus.PathNotFound().WriteAsync(http.Response))
            .WithDisplayName("metrics.k8s.io unknown path");
        return group;
    }

    private static void Map(RouteGroupBuilder group, string pattern, Func<HttpContext, Task> handler, MetricsResourceEndpoint metadata, ILogger logger) =>
        group.Map(pattern, MetricsResponse.Guarded(handler, logger))
            .WithMetadata(metadata)
            .WithDisplayName("metrics.k8s.io " + pattern);
}
