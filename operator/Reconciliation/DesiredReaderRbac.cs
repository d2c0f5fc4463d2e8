using k8s.Models;
using MetricsOperator.Api.V1Alpha1;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// Who may read metrics: a ClusterRole aggregated into view, edit and admin (so everyone who may see pods may see
/// their usage), and a binding of the spec's extra subjects, such as a custom scheduler's ServiceAccount.
/// </summary>
internal static class DesiredReaderRbac
{
    public const string ApiVersion = V1ClusterRole.KubeGroup + "/" + V1ClusterRole.KubeApiVersion;

    private static readonly string[] AggregatedInto = ["view", "edit", "admin"];

    public static V1ClusterRole ClusterRole(MetricsBackend owner)
    {
        var metadata = ChildMetadata.For(owner, ChildNames.ReaderClusterRole);
        foreach (var role in AggregatedInto)
        {
            metadata.Labels[$"rbac.authorization.k8s.io/aggregate-to-{role}"] = "true";
        }

        return new V1ClusterRole
        {
            ApiVersion = ApiVersion,
            Kind = V1ClusterRole.KubeKind,
            Metadata = metadata,
            Rules =
            [
                new V1PolicyRule
                {
                    ApiGroups = [DesiredApiService.Group],
                    Resources = ["pods", "nodes"],
                    Verbs = ["get", "list", "watch"],
                },
            ],
        };
    }

    /// <summary>The binding of <paramref name="subjects"/>; null when there are none (the binding must not exist).</summary>
    public static V1ClusterRoleBinding? ClusterRoleBinding(MetricsBackend owner, IReadOnlyList<Rbacv1Subject> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        if (subjects.Count == 0)
        {
            return null;
        }

        return new V1ClusterRoleBinding
        {
            ApiVersion = ApiVersion,
            Kind = V1ClusterRoleBinding.KubeKind,
            Metadata = ChildMetadata.For(owner, ChildNames.ReaderClusterRoleBinding),
            RoleRef = new V1RoleRef
            {
                ApiGroup = V1ClusterRole.KubeGroup,
                Kind = V1ClusterRole.KubeKind,
                Name = ChildNames.ReaderClusterRole,
            },
            Subjects = [.. subjects],
        };
    }
}
