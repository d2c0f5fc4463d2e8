using System.Net;
using System.Net.Sockets;

namespace MetricsOperator.Scraping;

/// <summary>
/// A DNS-style name for a kubelet addressed by IP, such as <c>node-a.ip-0a000007.invalid</c> for node-a at
/// 10.0.0.7: the node name, then the address in hex, under the reserved <c>.invalid</c> TLD, which no resolver
/// answers for. On Linux .NET shares one OpenSSL context among client connections only when the TLS target host is
/// a name, so an IP host costs each kubelet connection a context of its own (7-9 KiB). Such a name is never resolved:
/// <see cref="KubeletConnectionFactory"/> connects to the address it encodes and <see cref="KubeletCertificateValidator"/>
/// checks the certificate against that address, as it would for the IP itself.
/// </summary>
/// <remarks>
/// The address is part of the name, so a node whose IP changes gets a new name and with it a new connection pool,
/// TLS session slot and connection; the old connection idles out. The node name only makes the name (and the SNI,
/// which kubelets ignore) readable.
/// </remarks>
internal static class KubeletHostName
{
    private const string Suffix = ".invalid";
    private const string AddressPrefix = "ip-";
    private const int MaxNameLength = 253;
    private const int MaxLabelLength = 63;

    /// <summary>
    /// The name for <paramref name="nodeName"/> at <paramref name="address"/>; false when the node name is not a
    /// lowercase DNS-1123 subdomain, the result would be too long or the address has an IPv6 zone.
    /// </summary>
    public static bool TryCreate(string nodeName, IPAddress address, out string host)
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        ArgumentNullException.ThrowIfNull(address);
        host = string.Empty;
        Span<byte> bytes = stackalloc byte[16];
        if ((address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
            || !address.TryWriteBytes(bytes, out var length)
            || !IsDnsSubdomain(nodeName)
            || nodeName.Length + 1 + AddressPrefix.Length + (length * 2) + Suffix.Length > MaxNameLength)
        {
            return false;
        }

        host = string.Concat(nodeName, ".", AddressPrefix, Convert.ToHexStringLower(bytes[..length]), Suffix);
        return true;
    }

    /// <summary>The address a name made by <see cref="TryCreate"/> encodes; false for any other host.</summary>
    public static bool TryParse(ReadOnlySpan<char> host, out IPAddress address)
    {
        address = IPAddress.None;
        if (!host.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = host[..^Suffix.Length];
        var dot = rest.LastIndexOf('.');
        var label = rest[(dot + 1)..];
        if (dot <= 0 || !label.StartsWith(AddressPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var hex = label[AddressPrefix.Length..];
        Span<byte> bytes = stackalloc byte[16];
        if (hex.Length is not (8 or 32)
            || Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done
            || written * 2 != hex.Length)
        {
            return false;
        }

        address = new IPAddress(bytes[..written]);
        return true;
    }

    private static bool IsDnsSubdomain(string name)
    {
        if (name.Length is 0 or > MaxNameLength)
        {
            return false;
        }

        var labelStart = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            if (i < name.Length && name[i] != '.')
            {
                if (!char.IsAsciiLetterLower(name[i]) && !char.IsAsciiDigit(name[i]) && name[i] != '-')
                {
                    return false;
                }

                continue;
            }

            var labelLength = i - labelStart;
            if (labelLength is 0 or > MaxLabelLength || name[labelStart] == '-' || name[i - 1] == '-')
            {
                return false;
            }

            labelStart = i + 1;
        }

        return true;
    }
}
