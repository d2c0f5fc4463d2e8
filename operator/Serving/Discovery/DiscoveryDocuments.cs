using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MetricsOperator.Serving.Discovery;

/// <summary>The discovery bodies and <c>/version</c>, serialised once from <see cref="MetricsApiGroup"/>.</summary>
internal sealed class DiscoveryDocuments
{
    public const string JsonContentType = "application/json";
    public const string AggregatedV2ContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    public const string AggregatedV2Beta1ContentType = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    private DiscoveryDocuments(ServerVersionInfo version)
    {
        var context = DiscoveryJsonContext.Default;
        var preferred = new GroupVersionForDiscovery(MetricsApiGroup.GroupVersion, MetricsApiGroup.Version);
        var group = new ApiGroup("APIGroup", "v1", MetricsApiGroup.Name, [preferred], preferred);

        GroupList = Json(new ApiGroupList("APIGroupList", "v1", [group with { Kind = null, ApiVersion = null }]), context.ApiGroupList);
        Group = Json(group, context.ApiGroup);
        ResourceList = Json(
            new ApiResourceList("APIResourceList", "v1", MetricsApiGroup.GroupVersion, [.. MetricsApiGroup.Resources.Select(ToApiResource)]),
            context.ApiResourceList);
        AggregatedV2 = Json(Aggregated("apidiscovery.k8s.io/v2"), context.ApiGroupDiscoveryList, AggregatedV2ContentType);
        AggregatedV2Beta1 = Json(Aggregated("apidiscovery.k8s.io/v2beta1"), context.ApiGroupDiscoveryList, AggregatedV2Beta1ContentType);
        Version = Json(version, context.ServerVersionInfo);
    }

    /// <summary><c>/apis</c> for legacy discovery: meta/v1 APIGroupList.</summary>
    public PrecomputedResponse GroupList { get; }

    /// <summary><c>/apis/metrics.k8s.io</c>: meta/v1 APIGroup.</summary>
    public PrecomputedResponse Group { get; }

    /// <summary><c>/apis/metrics.k8s.io/v1beta1</c>: meta/v1 APIResourceList.</summary>
    public PrecomputedResponse ResourceList { get; }

    /// <summary><c>/apis</c> for aggregated discovery, apidiscovery.k8s.io/v2.</summary>
    public PrecomputedResponse AggregatedV2 { get; }

    /// <summary><c>/apis</c> for aggregated discovery, apidiscovery.k8s.io/v2beta1.</summary>
    public PrecomputedResponse AggregatedV2Beta1 { get; }

    /// <summary><c>/version</c>.</summary>
    public PrecomputedResponse Version { get; }

    public static DiscoveryDocuments Create(ServerVersionInfo version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new DiscoveryDocuments(version);
    }

    private static ApiResource ToApiResource(MetricsApiResource resource) =>
        new(resource.Name, SingularName: string.Empty, resource.Namespaced, resource.Kind, MetricsApiResource.Verbs);

    /// <summary>
    /// The group's entry as the API server builds it: the response kind carries only the kind (group and version
    /// empty, meaning those of the enclosing group version), and the document is always Current.
    /// </summary>
    private static ApiGroupDiscoveryList Aggregated(string apiVersion)
    {
        var resources = MetricsApiGroup.Resources
            .Select(resource => new ApiResourceDiscovery(
                resource.Name,
                new GroupVersionKind(string.Empty, string.Empty, resource.Kind),
                resource.Namespaced ? "Namespaced" : "Cluster",
                SingularResource: string.Empty,
                MetricsApiResource.Verbs))
            .ToArray();
        var version = new ApiVersionDiscovery(MetricsApiGroup.Version, resources, "Current");
        return new ApiGroupDiscoveryList(
            "APIGroupDiscoveryList",
            apiVersion,
            new EmptyListMeta(),
            [new ApiGroupDiscovery(new NameOnlyObjectMeta(MetricsApiGroup.Name), [version])]);
    }

    private static PrecomputedResponse Json<T>(T value, JsonTypeInfo<T> typeInfo, string contentType = JsonContentType) =>
        new(contentType, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
}
