using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Ownership;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// The metadata every child carries: the controller reference that lets garbage collection remove it with its
/// MetricsBackend (or when the operator is gone), and the managed-by label the child informers select on.
/// </summary>
internal static class ChildMetadata
{
    public static V1ObjectMeta For(MetricsBackend owner, string name, string? namespaceName = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = namespaceName,
            Labels = new Dictionary<string, string> { [ManagedBy.Label] = ManagedBy.Value },
            OwnerReferences = [OwnerReferences.ControllerReference(owner)],
        };
    }
}
