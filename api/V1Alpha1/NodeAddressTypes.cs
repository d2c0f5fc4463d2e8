namespace MetricsOperator.Api.V1Alpha1;

/// <summary>The Node address types a kubelet can be reached at (<c>spec.scraping.preferredAddressTypes</c>).</summary>
public static class NodeAddressTypes
{
    public const string Hostname = "Hostname";
    public const string InternalIP = "InternalIP";
    public const string ExternalIP = "ExternalIP";
    public const string InternalDNS = "InternalDNS";
    public const string ExternalDNS = "ExternalDNS";

    public static readonly IReadOnlyList<string> All = [Hostname, InternalIP, ExternalIP, InternalDNS, ExternalDNS];
}
