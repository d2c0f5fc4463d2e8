using System.Text.RegularExpressions;

namespace MetricsOperator.Reconciliation.Spec;

/// <summary>Kubernetes' object name rules (RFC 1123 subdomains and labels) for names a spec refers to.</summary>
internal static partial class KubernetesNames
{
    /// <summary>Why <paramref name="name"/> is not a DNS subdomain (Secret, ServiceAccount names), or null.</summary>
    public static string? DescribeSubdomainProblem(string name) =>
        name.Length > 253 ? "must be no more than 253 characters"
        : Subdomain().IsMatch(name) ? null
        : "must consist of lowercase alphanumeric characters, '-' or '.', and start and end with an alphanumeric character";

    /// <summary>Why <paramref name="name"/> is not a DNS label (namespace names), or null.</summary>
    public static string? DescribeLabelProblem(string name) =>
        name.Length > 63 ? "must be no more than 63 characters"
        : Label().IsMatch(name) ? null
        : "must consist of lowercase alphanumeric characters or '-', and start and end with an alphanumeric character";

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();
}
