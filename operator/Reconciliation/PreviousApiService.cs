using System.Text.Json;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Serialization;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// The APIService spec found on takeover, kept as JSON in an annotation on the MetricsBackend (the only object
/// sure to outlive the takeover) and turned back into an APIService when that MetricsBackend is deleted.
/// </summary>
internal static class PreviousApiService
{
    /// <summary>The annotation value that remembers <paramref name="foreign"/>'s spec.</summary>
    public static string Serialize(V1APIService foreign)
    {
        ArgumentNullException.ThrowIfNull(foreign);
        return KubernetesJsonSerializer.Serialize(foreign.Spec ?? new V1APIServiceSpec());
    }

    public static bool IsSavedOn(MetricsBackend backend) =>
        backend.Metadata?.Annotations?.ContainsKey(BackendMarkers.PreviousApiServiceAnnotation) == true;

    /// <summary>
    /// The APIService to restore from <paramref name="backend"/>'s annotation, without our ownerReference and label
    /// (so it is foreign again); null when nothing was saved, or when the annotation is unreadable (then
    /// <paramref name="problem"/> says why).
    /// </summary>
    public static V1APIService? Restorable(MetricsBackend backend, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(backend);
        problem = null;
        if (backend.Metadata?.Annotations is not { } annotations
            || !annotations.TryGetValue(BackendMarkers.PreviousApiServiceAnnotation, out var json))
        {
            return null;
        }

        V1APIServiceSpec? spec;
        try
        {
            spec = KubernetesJsonSerializer.Deserialize<V1APIServiceSpec>(json);
        }
        catch (JsonException error)
        {
            problem = $"annotation {BackendMarkers.PreviousApiServiceAnnotation} is not a JSON APIService spec: {error.Message}";
            return null;
        }

        if (spec is null || spec.Group != DesiredApiService.Group || spec.Version != DesiredApiService.Version)
        {
            problem = $"annotation {BackendMarkers.PreviousApiServiceAnnotation} does not hold a spec for {DesiredApiService.Group}/{DesiredApiService.Version}";
            return null;
        }

        return new V1APIService
        {
            ApiVersion = DesiredApiService.ApiVersion,
            Kind = V1APIService.KubeKind,
            Metadata = new V1ObjectMeta { Name = ChildNames.ApiService },
            Spec = spec,
        };
    }
}
