using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MetricsOperator.SimulatedCluster.Rest;
using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>Runs RBAC's escalation check on every create and update of Roles, ClusterRoles and their bindings.</summary>
internal sealed class EscalationAdmission : IAdmissionStep
{
    private readonly IEscalationCheck _check;

    public EscalationAdmission(IEscalationCheck check) => _check = check;

    public JsonObject Admit(AdmissionRequest request)
    {
        if (request.Type.Group != RuleResolver.RbacGroup)
        {
            return request.Object;
        }

        var status = _check.Check(request.User, Typed(request.Type.Kind, request.Object), request.Old is null ? null : Typed(request.Type.Kind, request.Old));
        return status is null ? request.Object : throw StatusErrors.ToException(status);
    }

    private static object Typed(string kind, JsonObject item)
    {
        var json = item.ToJsonString();
        return kind switch
        {
            "Role" => KubernetesJson.Deserialize<V1Role>(json),
            "ClusterRole" => KubernetesJson.Deserialize<V1ClusterRole>(json),
            "RoleBinding" => KubernetesJson.Deserialize<V1RoleBinding>(json),
            "ClusterRoleBinding" => KubernetesJson.Deserialize<V1ClusterRoleBinding>(json),
            _ => item,
        };
    }
}
