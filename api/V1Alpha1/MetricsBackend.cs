using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace MetricsOperator.Api.V1Alpha1;

/// <summary>
/// The cluster's metrics backend: applying one makes the operator register and serve metrics.k8s.io.
/// Cluster-scoped; when several exist the oldest is active and the others report Superseded.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
public sealed class MetricsBackend : IKubernetesObject<V1ObjectMeta>, ISpec<MetricsBackendSpec>, IStatus<MetricsBackendStatus>
{
    public const string KubeGroup = "metricsoperator.dev";
    public const string KubeApiVersion = "v1alpha1";
    public const string KubeKind = "MetricsBackend";
    public const string KubePluralName = "metricsbackends";
    public const string KubeShortName = "mb";
    public const string GroupVersion = KubeGroup + "/" + KubeApiVersion;

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public MetricsBackendSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public MetricsBackendStatus Status { get; set; } = new();
}

/// <summary>A list of <see cref="MetricsBackend"/> as the API server returns it.</summary>
public sealed class MetricsBackendList : IKubernetesObject<V1ListMeta>, IItems<MetricsBackend>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = MetricsBackend.GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = MetricsBackend.KubeKind + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<MetricsBackend> Items { get; set; } = [];
}
