using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Ownership;

namespace MetricsOperator.Reconciliation;

/// <summary>Whose the existing v1beta1.metrics.k8s.io APIService is.</summary>
internal enum ApiServiceOwner
{
    /// <summary>There is none: ours to create.</summary>
    Absent,

    /// <summary>A MetricsBackend owns it, or it carries our managed-by label.</summary>
    Ours,

    /// <summary>Someone else registered it (metrics-server, say): left alone unless takeover is asked for.</summary>
    Foreign,
}

/// <summary>
/// The ownership rule for the APIService: ours when it has an ownerReference to a MetricsBackend or our managed-by
/// label; anything else belongs to another metrics backend, which must not be silently replaced.
/// </summary>
internal sealed record ApiServiceOwnership(ApiServiceOwner Owner, string? OwnerBackendUid, string? ServiceDescription)
{
    public static ApiServiceOwnership Of(V1APIService? existing)
    {
        if (existing is null)
        {
            return new ApiServiceOwnership(ApiServiceOwner.Absent, null, null);
        }

        var ownerUid = existing.Metadata?.OwnerReferences?
            .FirstOrDefault(IsBackendReference)?.Uid;
        var labelled = existing.Metadata?.Labels is { } labels
            && labels.TryGetValue(ManagedBy.Label, out var value)
            && value == ManagedBy.Value;
        var owner = ownerUid is not null || labelled ? ApiServiceOwner.Ours : ApiServiceOwner.Foreign;
        return new ApiServiceOwnership(owner, ownerUid, DescribeService(existing));
    }

    /// <summary>
    /// Whether the backend with <paramref name="backendUid"/> may remove or restore this APIService on deletion: ours
    /// and not owned by another MetricsBackend (which may have become active while this one is being deleted).
    /// </summary>
    public bool MayBeRemovedBy(string? backendUid) =>
        Owner == ApiServiceOwner.Ours && (OwnerBackendUid is null || OwnerBackendUid == backendUid);

    private static bool IsBackendReference(V1OwnerReference reference) =>
        reference.Kind == MetricsBackend.KubeKind
        && reference.ApiVersion?.StartsWith(MetricsBackend.KubeGroup + "/", StringComparison.Ordinal) == true;

    private static string DescribeService(V1APIService apiService) =>
        apiService.Spec?.Service is { } service
            ? $"Service {service.NamespaceProperty}/{service.Name}"
            : "the kube-apiserver itself (no Service)";
}
