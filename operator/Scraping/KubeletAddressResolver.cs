using System.Globalization;
using System.Net;
using System.Text;
using k8s.Models;

namespace MetricsOperator.Scraping;

/// <summary>
/// Turns a Node into the URL of its kubelet's resource metrics, the way metrics-server does: the first address
/// whose type comes first in the preference list, the status port or the fixed port, and the path annotation.
/// </summary>
internal static class KubeletAddressResolver
{
    public const string MetricsPathAnnotation = "metrics.k8s.io/resource-metrics-path";
    public const string DefaultMetricsPath = "/metrics/resource";

    public static bool TryResolve(V1Node node, ScrapeSettings settings, out KubeletTarget? target, out string error)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(settings);
        target = null;
        var name = node.Metadata?.Name;
        if (string.IsNullOrEmpty(name))
        {
            error = "node has no name";
            return false;
        }

        var address = FindPreferredAddress(node.Status?.Addresses, settings.PreferredAddressTypes);
        if (address is null)
        {
            error = NoAddressError(settings.PreferredAddressTypes);
            return false;
        }

        var port = settings.KubeletPort;
        if (settings.UseNodeStatusPort && node.Status?.DaemonEndpoints?.KubeletEndpoint?.Port is { } statusPort and not 0)
        {
            if (statusPort is < 1 or > 65535)
            {
                error = $"node status reports kubelet port {statusPort}, outside 1-65535";
                return false;
            }

            port = statusPort;
        }

        var path = MetricsPath(node);
        var text = string.Create(CultureInfo.InvariantCulture, $"https://{HostPart(address)}:{port}{path}");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            error = $"invalid kubelet URL \"{text}\"";
            return false;
        }

        target = new KubeletTarget(name, uri, IsReady(node), NamedUri(name, uri));
        error = string.Empty;
        return true;
    }

    // The same URL with the kubelet's IP expressed as a KubeletHostName; null when the host is a name already.
    private static Uri? NamedUri(string nodeName, Uri uri)
    {
        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6)
            || !IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address)
            || !KubeletHostName.TryCreate(nodeName, address, out var host))
        {
            return null;
        }

        var builder = new UriBuilder(uri) { Host = host };
        return builder.Uri;
    }

    private static string? FindPreferredAddress(IList<V1NodeAddress>? addresses, IReadOnlyList<NodeAddressType> preferred)
    {
        if (addresses is null)
        {
            return null;
        }

        for (var p = 0; p < preferred.Count; p++)
        {
            var wanted = TypeName(preferred[p]);
            for (var a = 0; a < addresses.Count; a++)
            {
                if (addresses[a] is { } candidate
                    && string.Equals(candidate.Type, wanted, StringComparison.Ordinal)
                    && !string.IsNullOrEmpty(candidate.Address))
                {
                    return candidate.Address;
                }
            }
        }

        return null;
    }

    // IPv6 literals need brackets (as Go's net.JoinHostPort adds them); a zone id needs its '%' escaped in a URI.
    private static string HostPart(string address) =>
        address.Contains(':', StringComparison.Ordinal) && !address.StartsWith('[')
            ? "[" + address.Replace("%", "%25", StringComparison.Ordinal) + "]"
            : address;

    private static string MetricsPath(V1Node node)
    {
        if (node.Metadata?.Annotations is { } annotations
            && annotations.TryGetValue(MetricsPathAnnotation, out var path)
            && !string.IsNullOrEmpty(path))
        {
            return path.StartsWith('/') ? path : "/" + path;
        }

        return DefaultMetricsPath;
    }

    /// <summary>True when the node's Ready condition is True.</summary>
    public static bool IsReady(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Status?.Conditions is not { } conditions)
        {
            return false;
        }

        foreach (var condition in conditions)
        {
            if (condition is not null && string.Equals(condition.Type, "Ready", StringComparison.Ordinal))
            {
                return string.Equals(condition.Status, "True", StringComparison.Ordinal);
            }
        }

        return false;
    }

    private static string TypeName(NodeAddressType type) => type switch
    {
        NodeAddressType.Hostname => "Hostname",
        NodeAddressType.InternalIP => "InternalIP",
        NodeAddressType.ExternalIP => "ExternalIP",
        NodeAddressType.InternalDNS => "InternalDNS",
        NodeAddressType.ExternalDNS => "ExternalDNS",
        _ => type.ToString(),
    };

    // Same shape as metrics-server's message, which prints the Go slice: [InternalIP ExternalIP Hostname].
    private static string NoAddressError(IReadOnlyList<NodeAddressType> preferred)
    {
        var builder = new StringBuilder("no address matched types [");
        for (var i = 0; i < preferred.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(TypeName(preferred[i]));
        }

        return builder.Append(']').ToString();
    }
}
