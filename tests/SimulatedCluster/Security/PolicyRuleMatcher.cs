using k8s.Models;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>Whether one RBAC rule allows a request, with kube-apiserver's matching rules (rbac/validation).</summary>
internal static class PolicyRuleMatcher
{
    public const string All = "*";

    public static bool Allows(V1PolicyRule rule, RequestAttributes request)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(request);
        if (!VerbMatches(rule, request.Verb))
        {
            return false;
        }

        if (!request.IsResourceRequest)
        {
            return NonResourceUrlMatches(rule, request.Path);
        }

        return ApiGroupMatches(rule, request.ApiGroup)
            && ResourceMatches(rule, request.Resource, request.Subresource)
            && ResourceNameMatches(rule, request.Name);
    }

    public static bool VerbMatches(V1PolicyRule rule, string verb) =>
        rule.Verbs?.Any(v => v == All || v == verb) == true;

    public static bool ApiGroupMatches(V1PolicyRule rule, string group) =>
        rule.ApiGroups?.Any(g => g == All || g == group) == true;

    public static bool ResourceMatches(V1PolicyRule rule, string resource, string subresource)
    {
        var combined = string.IsNullOrEmpty(subresource) ? resource : resource + "/" + subresource;
        foreach (var ruleResource in rule.Resources ?? [])
        {
            if (ruleResource == All || ruleResource == combined)
            {
                return true;
            }

            // "*/scale" grants the scale subresource of every resource.
            if (!string.IsNullOrEmpty(subresource) && ruleResource.StartsWith("*/", StringComparison.Ordinal) && ruleResource[2..] == subresource)
            {
                return true;
            }
        }

        return false;
    }

    public static bool ResourceNameMatches(V1PolicyRule rule, string? name) =>
        rule.ResourceNames is not { Count: > 0 } names || (!string.IsNullOrEmpty(name) && names.Contains(name));

    public static bool NonResourceUrlMatches(V1PolicyRule rule, string path)
    {
        foreach (var url in rule.NonResourceURLs ?? [])
        {
            if (url == All || url == path)
            {
                return true;
            }

            if (url.EndsWith('*') && path.StartsWith(url.TrimEnd('*'), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
