using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// <c>meta.k8s.io/v1 PartialObjectMetadata</c>: an object's metadata without spec or status, which the API server
/// returns when asked with <c>Accept: application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1</c>.
/// KubernetesClient 21.0.8 has no such model, hence this one.
/// </summary>
internal sealed class PartialObjectMetadata : IKubernetesObject<V1ObjectMeta>
{
    public const string KubeApiVersion = "meta.k8s.io/v1";
    public const string KubeKind = "PartialObjectMetadata";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KubeApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
