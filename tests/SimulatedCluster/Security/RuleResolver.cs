using k8s.Models;
using MetricsOperator.SimulatedCluster.ControlPlane;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>A rule a user holds and the binding that grants it, described as kube-apiserver describes it.</summary>
internal sealed record GrantedRule(V1PolicyRule Rule, string Source);

/// <summary>
/// The rules that apply to a user in a namespace (kube-apiserver's DefaultRuleResolver): ClusterRoleBindings
/// everywhere, RoleBindings of that namespace (to a Role there or to a ClusterRole). A binding to a missing role
/// grants nothing.
/// </summary>
internal sealed class RuleResolver
{
    public const string RbacGroup = "rbac.authorization.k8s.io";

    private readonly IClusterState _state;

    public RuleResolver(IClusterState state)
    {
        _state = state;
    }

    public IEnumerable<GrantedRule> RulesFor(UserIdentity user, string? ns)
    {
        ArgumentNullException.ThrowIfNull(user);
        foreach (var binding in _state.List<V1ClusterRoleBinding>())
        {
            var subject = binding.Subjects?.FirstOrDefault(s => AppliesTo(s, user, bindingNamespace: null));
            if (subject is null || binding.RoleRef?.Kind != "ClusterRole")
            {
                continue;
            }

            var source = $"ClusterRoleBinding \"{binding.Metadata?.Name}\" of ClusterRole \"{binding.RoleRef.Name}\" to {Describe(subject, null)}";
            foreach (var rule in _state.Get<V1ClusterRole>(null, binding.RoleRef.Name)?.Rules ?? [])
            {
                yield return new GrantedRule(rule, source);
            }
        }

        if (string.IsNullOrEmpty(ns))
        {
            yield break;
        }

        foreach (var binding in _state.List<V1RoleBinding>(ns))
        {
            var subject = binding.Subjects?.FirstOrDefault(s => AppliesTo(s, user, ns));
            if (subject is null || binding.RoleRef is null)
            {
                continue;
            }

            var source = $"RoleBinding \"{binding.Metadata?.Name}/{ns}\" of {binding.RoleRef.Kind} \"{binding.RoleRef.Name}\" to {Describe(subject, ns)}";
            foreach (var rule in RoleReferenceRules(binding.RoleRef, ns) ?? [])
            {
                yield return new GrantedRule(rule, source);
            }
        }
    }

    /// <summary>The rules of the role a binding refers to; null when it does not exist.</summary>
    public IList<V1PolicyRule>? RoleReferenceRules(V1RoleRef roleRef, string? bindingNamespace)
    {
        ArgumentNullException.ThrowIfNull(roleRef);
        return roleRef.Kind switch
        {
            "ClusterRole" => _state.Get<V1ClusterRole>(null, roleRef.Name) is { } clusterRole ? clusterRole.Rules ?? [] : null,
            "Role" when !string.IsNullOrEmpty(bindingNamespace) => _state.Get<V1Role>(bindingNamespace, roleRef.Name) is { } role ? role.Rules ?? [] : null,
            _ => null,
        };
    }

    private static bool AppliesTo(Rbacv1Subject subject, UserIdentity user, string? bindingNamespace)
    {
        switch (subject.Kind)
        {
            case "User":
                return subject.Name == user.Name;
            case "Group":
                return user.Groups.Contains(subject.Name);
            case "ServiceAccount":
                // An unqualified ServiceAccount in a RoleBinding means one of the binding's namespace.
                var ns = string.IsNullOrEmpty(subject.NamespaceProperty) ? bindingNamespace : subject.NamespaceProperty;
                return !string.IsNullOrEmpty(ns) && user.Name == ServiceAccountReference.UserPrefix + ns + ":" + subject.Name;
            default:
                return false;
        }
    }

    private static string Describe(Rbacv1Subject subject, string? bindingNamespace) => subject.Kind switch
    {
        "ServiceAccount" => $"ServiceAccount \"{subject.Name}/{(string.IsNullOrEmpty(subject.NamespaceProperty) ? bindingNamespace : subject.NamespaceProperty)}\"",
        _ => $"{subject.Kind} \"{subject.Name}\"",
    };
}
