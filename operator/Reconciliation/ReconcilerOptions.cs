using System.Text.RegularExpressions;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// Process-level settings of the MetricsBackend reconciler (from the process flags, not from the resource):
/// where the namespaced children live and which DNS names the serving certificate carries.
/// </summary>
internal sealed partial record ReconcilerOptions
{
    public const string DefaultClusterDomain = "cluster.local";

    /// <summary>The operator's namespace: home of the Service and both Secrets.</summary>
    public required string OperatorNamespace { get; init; }

    /// <summary>The cluster's DNS domain, the last part of the serving certificate's longest DNS name.</summary>
    public string ClusterDomain { get; init; } = DefaultClusterDomain;

    /// <summary>Name of the Service the APIService points at.</summary>
    public string ServiceName { get; init; } = ChildNames.Service;

    /// <summary>Every problem with these options, each naming the option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(OperatorNamespace) || !DnsLabel().IsMatch(OperatorNamespace))
        {
            errors.Add($"operator namespace \"{OperatorNamespace}\" is not a DNS-1123 label (lower case alphanumerics and '-', at most 63 characters)");
        }

        if (string.IsNullOrEmpty(ServiceName) || !DnsLabel().IsMatch(ServiceName) || char.IsDigit(ServiceName[0]))
        {
            errors.Add($"service name \"{ServiceName}\" is not a DNS-1035 label (starts with a letter, lower case alphanumerics and '-', at most 63 characters)");
        }

        if (string.IsNullOrEmpty(ClusterDomain) || ClusterDomain.Length > 253 || !ClusterDomain.Split('.').All(DnsLabel().IsMatch))
        {
            errors.Add($"cluster domain \"{ClusterDomain}\" is not a DNS subdomain such as cluster.local");
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
