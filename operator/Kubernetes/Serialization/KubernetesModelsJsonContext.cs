using System.Text.Json.Serialization;
using k8s.Models;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Kubernetes.Serialization;

/// <summary>
/// Source-generated JSON metadata for the built-in kinds this process reads or writes. KubernetesClient's own context
/// covers all ~2,000 models: its first use loads every one of them and costs ~10 MiB of resident memory per process
/// (measured in the W1k scrape benchmark), far more than the handful used here. A kind not listed still works, through
/// reflection (see <see cref="KubernetesJsonSerializer"/>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(V1Status))]
[JsonSerializable(typeof(V1DeleteOptions))]
[JsonSerializable(typeof(V1Node))]
[JsonSerializable(typeof(ResourceList<V1Node>))]
[JsonSerializable(typeof(PartialObjectMetadata))]
[JsonSerializable(typeof(ResourceList<PartialObjectMetadata>))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(ResourceList<V1ConfigMap>))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(ResourceList<V1Secret>))]
[JsonSerializable(typeof(V1Service))]
[JsonSerializable(typeof(ResourceList<V1Service>))]
[JsonSerializable(typeof(V1ClusterRole))]
[JsonSerializable(typeof(ResourceList<V1ClusterRole>))]
[JsonSerializable(typeof(V1ClusterRoleBinding))]
[JsonSerializable(typeof(ResourceList<V1ClusterRoleBinding>))]
[JsonSerializable(typeof(V1RoleBinding))]
[JsonSerializable(typeof(V1APIService))]
[JsonSerializable(typeof(ResourceList<V1APIService>))]
[JsonSerializable(typeof(V1Lease))]
[JsonSerializable(typeof(V1TokenReview))]
[JsonSerializable(typeof(V1SubjectAccessReview))]
[JsonSerializable(typeof(Eventsv1Event))]
internal sealed partial class KubernetesModelsJsonContext : JsonSerializerContext;
