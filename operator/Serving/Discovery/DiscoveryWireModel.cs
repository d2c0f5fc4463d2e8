using System.Text.Json.Serialization;

namespace MetricsOperator.Serving.Discovery;

// The Kubernetes discovery objects, field for field in the order the API server writes them.

/// <summary>meta/v1 GroupVersionForDiscovery.</summary>
internal sealed record GroupVersionForDiscovery(string GroupVersion, string Version);

/// <summary>meta/v1 APIGroup; kind and apiVersion only at the top level, not inside an APIGroupList.</summary>
internal sealed record ApiGroup(
    string? Kind,
    string? ApiVersion,
    string Name,
    IReadOnlyList<GroupVersionForDiscovery> Versions,
    GroupVersionForDiscovery PreferredVersion);

/// <summary>meta/v1 APIGroupList, the legacy answer of <c>/apis</c>.</summary>
internal sealed record ApiGroupList(string Kind, string ApiVersion, IReadOnlyList<ApiGroup> Groups);

/// <summary>meta/v1 APIResource.</summary>
internal sealed record ApiResource(string Name, string SingularName, bool Namespaced, string Kind, IReadOnlyList<string> Verbs);

/// <summary>meta/v1 APIResourceList, the answer of <c>/apis/metrics.k8s.io/v1beta1</c>.</summary>
internal sealed record ApiResourceList(string Kind, string ApiVersion, string GroupVersion, IReadOnlyList<ApiResource> Resources);

/// <summary>An empty ListMeta (<c>{}</c>).</summary>
internal sealed record EmptyListMeta;

/// <summary>The part of ObjectMeta an APIGroupDiscovery carries: the group's name.</summary>
internal sealed record NameOnlyObjectMeta(string Name);

/// <summary>meta/v1 GroupVersionKind.</summary>
internal sealed record GroupVersionKind(string Group, string Version, string Kind);

/// <summary>apidiscovery APIResourceDiscovery (identical in v2 and v2beta1).</summary>
internal sealed record ApiResourceDiscovery(
    string Resource,
    GroupVersionKind ResponseKind,
    string Scope,
    string SingularResource,
    IReadOnlyList<string> Verbs);

/// <summary>apidiscovery APIVersionDiscovery.</summary>
internal sealed record ApiVersionDiscovery(string Version, IReadOnlyList<ApiResourceDiscovery> Resources, string Freshness);

/// <summary>apidiscovery APIGroupDiscovery.</summary>
internal sealed record ApiGroupDiscovery(NameOnlyObjectMeta Metadata, IReadOnlyList<ApiVersionDiscovery> Versions);

/// <summary>apidiscovery APIGroupDiscoveryList, the aggregated answer of <c>/apis</c>.</summary>
internal sealed record ApiGroupDiscoveryList(string Kind, string ApiVersion, EmptyListMeta Metadata, IReadOnlyList<ApiGroupDiscovery> Items);


[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiGroupList))]
[JsonSerializable(typeof(ApiGroup))]
[JsonSerializable(typeof(ApiResourceList))]
[JsonSerializable(typeof(ApiGroupDiscoveryList))]
[JsonSerializable(typeof(ServerVersionInfo))]
internal sealed partial class DiscoveryJsonContext : JsonSerializerContext;
