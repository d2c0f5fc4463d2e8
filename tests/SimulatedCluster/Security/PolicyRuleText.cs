using k8s.Models;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>rbacv1helpers.CompactString: <c>{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}</c>.</summary>
internal static class PolicyRuleText
{
    public static string Compact(V1PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var parts = new List<string>(5);
        Add(parts, "APIGroups", rule.ApiGroups);
        Add(parts, "Resources", rule.Resources);
        Add(parts, "NonResourceURLs", rule.NonResourceURLs);
        Add(parts, "ResourceNames", rule.ResourceNames);
        Add(parts, "Verbs", rule.Verbs);
        return "{" + string.Join(", ", parts) + "}";
    }

    /// <summary>Go's <c>%q</c> of a string slice: <c>["a" "b"]</c>.</summary>
    public static string Quoted(IEnumerable<string> values) =>
        "[" + string.Join(" ", values.Select(v => "\"" + v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "]";

    private static void Add(List<string> parts, string name, IList<string>? values)
    {
        if (values is { Count: > 0 })
        {
            parts.Add(name + ":" + Quoted(values));
        }
    }
}
