namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>
/// kube-apiserver's authorizer chain as the stand-in runs it: the <c>system:masters</c> group is allowed everything,
/// then RBAC over the stored roles and bindings. Reasons are kube-apiserver's (<c>RBAC: allowed by …</c>; an empty
/// reason for a plain denial).
/// </summary>
internal sealed class RbacAuthorizer : IRequestAuthorizer
{
    private readonly RuleResolver _rules;

    public RbacAuthorizer(RuleResolver rules)
    {
        _rules = rules;
    }

    public AuthorizationDecision Authorize(UserIdentity user, RequestAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(attributes);
        if (user.Groups.Contains(SystemGroups.Masters))
        {
            return new AuthorizationDecision(true, string.Empty);
        }

        var ns = attributes.IsResourceRequest ? attributes.Namespace : null;
        foreach (var granted in _rules.RulesFor(user, ns))
        {
            if (PolicyRuleMatcher.Allows(granted.Rule, attributes))
            {
                return new AuthorizationDecision(true, "RBAC: allowed by " + granted.Source);
            }
        }

        return new AuthorizationDecision(false, string.Empty);
    }
}
