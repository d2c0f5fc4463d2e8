namespace MetricsOperator.Certificates;

/// <summary>The DNS names the aggregation layer may use to reach a Service, which the serving certificate must carry.</summary>
internal static class ServingCertificateDnsNames
{
    /// <summary>
    /// <c>svc</c>, <c>svc.ns</c>, <c>svc.ns.svc</c> and <c>svc.ns.svc.clusterDomain</c> (the kube-apiserver dials
    /// <c>svc.ns.svc</c>; the others cover clients resolving through search paths).
    /// </summary>
    public static IReadOnlyList<string> For(string service, string ns, string clusterDomain)
    {
        var domain = clusterDomain?.Trim().TrimEnd('.');
        Require(service, nameof(service));
        Require(ns, nameof(ns));
        Require(domain, nameof(clusterDomain));
        return [service, $"{service}.{ns}", $"{service}.{ns}.svc", $"{service}.{ns}.svc.{domain}"];
    }

    private static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty", name);
        }

        if (value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.')))
        {
            throw new ArgumentException($"{name} '{value}' is not a DNS name (letters, digits, '-' and '.' only)", name);
        }
    }
}
