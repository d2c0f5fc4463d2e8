using k8s.Models;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>
/// RBAC's privilege-escalation prevention, which the REST layer runs on create and update of roles and bindings.
/// Returns null when the write may proceed, otherwise the 403 Status kube-apiserver answers with.
/// </summary>
internal interface IEscalationCheck
{
    /// <summary>
    /// Checks a write of a Role, ClusterRole, RoleBinding or ClusterRoleBinding (<paramref name="existing"/> is the
    /// stored object on update); any other object passes.
    /// </summary>
    V1Status? Check(UserIdentity user, object item, object? existing = null);
}

/// <inheritdoc />
internal sealed class EscalationCheck : IEscalationCheck
{
    private static readonly V1PolicyRule[] FullAuthority =
    [
        new() { Verbs = ["*"], ApiGroups = ["*"], Resources = ["*"] },
        new() { Verbs = ["*"], NonResourceURLs = ["*"] },
    ];

    private readonly IRequestAuthorizer _authorizer;
    private readonly RuleResolver _rules;

    public EscalationCheck(IRequestAuthorizer authorizer, RuleResolver rules)
    {
        _authorizer = authorizer;
        _rules = rules;
    }

    public V1Status? Check(UserIdentity user, object item, object? existing = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(item);
        if (user.Groups.Contains(SystemGroups.Masters))
        {
            return null;
        }

        return item switch
        {
            V1Role role => CheckRole(user, "roles", role.Metadata, role.Rules, null, (existing as V1Role)?.Rules),
            V1ClusterRole role => CheckRole(user, "clusterroles", role.Metadata, role.Rules, role.AggregationRule, (existing as V1ClusterRole)?.Rules),
            V1RoleBinding binding => CheckBinding(user, "rolebindings", binding.Metadata, binding.RoleRef),
            V1ClusterRoleBinding binding => CheckBinding(user, "clusterrolebindings", binding.Metadata, binding.RoleRef),
            _ => null,
        };
    }

    private V1Status? CheckRole(UserIdentity user, string resource, V1ObjectMeta? metadata, IList<V1PolicyRule>? rules, V1AggregationRule? aggregation, IList<V1PolicyRule>? previous)
    {
        var name = metadata?.Name ?? string.Empty;
        var ns = metadata?.NamespaceProperty;
        rules ??= [];
        var unchanged = previous is not null && previous.Select(PolicyRuleText.Compact).SequenceEqual(rules.Select(PolicyRuleText.Compact), StringComparer.Ordinal);
        if (unchanged || IsAllowed(user, "escalate", resource, ns, name))
        {
            return null;
        }

        var owned = _rules.RulesFor(user, ns).Select(g => g.Rule).ToList();

        // An aggregating ClusterRole's rules are written by the controller: they are judged through the aggregationRule.
        var missing = aggregation is null ? RuleCoverage.Missing(owned, rules) : [];
        if (missing.Count > 0)
        {
            return Forbidden(resource, name, NotHeld(user, missing));
        }

        if (aggregation?.ClusterRoleSelectors is { Count: > 0 } && RuleCoverage.Missing(owned, FullAuthority).Count > 0)
        {
            return Forbidden(resource, name, "must have cluster-admin privileges to use the aggregationRule");
        }

        return null;
    }

    private V1Status? CheckBinding(UserIdentity user, string resource, V1ObjectMeta? metadata, V1RoleRef? roleRef)
    {
        var name = metadata?.Name ?? string.Empty;
        var ns = resource == "rolebindings" ? metadata?.NamespaceProperty : null;
        if (roleRef is null)
        {
            return null; // validation, not escalation, rejects a binding without roleRef
        }

        var roleResource = roleRef.Kind == "ClusterRole" ? "clusterroles" : "roles";
        if (IsAllowed(user, "bind", roleResource, ns, roleRef.Name))
        {
            return null;
        }

        var granted = _rules.RoleReferenceRules(roleRef, ns);
        if (granted is null)
        {
            return Forbidden(resource, name, $"{roleResource}.{RuleResolver.RbacGroup} \"{roleRef.Name}\" not found");
        }

        var missing = RuleCoverage.Missing(_rules.RulesFor(user, ns).Select(g => g.Rule).ToList(), granted);
        return missing.Count > 0 ? Forbidden(resource, name, NotHeld(user, missing)) : null;
    }

    private bool IsAllowed(UserIdentity user, string verb, string resource, string? ns, string name) =>
        _authorizer.Authorize(user, new RequestAttributes(verb, RuleResolver.RbacGroup, "v1", resource, string.Empty, ns, name, true, string.Empty)).Allowed;

    private static string NotHeld(UserIdentity user, IEnumerable<V1PolicyRule> missing) =>
        $"user \"{user.Name}\" (groups={PolicyRuleText.Quoted(user.Groups)}) is attempting to grant RBAC permissions not currently held:\n"
        + string.Join('\n', missing.Select(PolicyRuleText.Compact));

    private static V1Status Forbidden(string resource, string name, string cause) =>
        ForbiddenStatus.Create(RuleResolver.RbacGroup, resource, name, cause);
}
