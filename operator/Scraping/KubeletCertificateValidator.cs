using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MetricsOperator.Scraping;

/// <summary>
/// Verifies kubelet serving certificates against a fixed set of roots (the configured bundle or the cluster CA),
/// or against the system store when there are none, including the host name or IP check. For a
/// <see cref="KubeletHostName"/> the IP it encodes, which is the address connected to, must be among the
/// certificate's IP SANs (as Go checks an IP URL host); the TLS stack's own check of the synthetic name does not
/// count. The TLS stack only learns "rejected", so each rejection's reason is kept per host until the failed request
/// picks it up.
/// </summary>
internal sealed class KubeletCertificateValidator
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private readonly X509Certificate2Collection? _roots;
    private readonly ConcurrentDictionary<string, string> _rejections = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="roots">The only trusted roots; null means the system trust store.</param>
    public KubeletCertificateValidator(X509Certificate2Collection? roots)
    {
        _roots = roots is { Count: > 0 } ? roots : null;
    }

    /// <summary>For <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        Validate((sender as SslStream)?.TargetHostName, certificate, chain, errors);

    /// <summary>Judges the certificate presented for a handshake whose TLS target host was <paramref name="targetHost"/>.</summary>
    public bool Validate(string? targetHost, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var host = NormalizeHost(targetHost);
        var rejection = Check(host, certificate, chain, errors);
        if (rejection is null)
        {
            _rejections.TryRemove(host, out _);
            return true;
        }

        _rejections[host] = rejection;
        return false;
    }

    /// <summary>The reason the last handshake with <paramref name="host"/> was rejected, if it was.</summary>
    public bool TryTakeRejection(string host, out string reason) =>
        _rejections.TryRemove(NormalizeHost(host), out reason!);

    private string? Check(string host, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "kubelet presented no certificate";
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (KubeletHostName.TryParse(host, out var connected))
        {
            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
            var address = connected.ToString();
            if (!leaf.MatchesHostname(address, allowWildcards: false, allowCommonName: false))
            {
                return $"kubelet certificate is not valid for {address} (it names {DescribeNames(leaf)})";
            }
        }
        else if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"kubelet certificate is not valid for {host} (it names {DescribeNames(leaf)})";
        }

        if (_roots is null)
        {
            return errors == SslPolicyErrors.None ? null : Describe(leaf, presented?.ChainStatus ?? []);
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (presented is not null)
        {
            // Intermediates the kubelet sent along; the leaf itself is element 0.
            for (var i = 1; i < presented.ChainElements.Count; i++)
            {
                chain.ChainPolicy.ExtraStore.Add(presented.ChainElements[i].Certificate);
            }
        }

        return chain.Build(leaf) ? null : Describe(leaf, chain.ChainStatus);
    }

    private static string Describe(X509Certificate2 leaf, X509ChainStatus[] statuses)
    {
        var flags = X509ChainStatusFlags.NoError;
        foreach (var status in statuses)
        {
            flags |= status.Status;
        }

        if (flags.HasFlag(X509ChainStatusFlags.NotTimeValid))
        {
            var now = DateTime.Now;
            if (leaf.NotAfter < now)
            {
                return string.Create(CultureInfo.InvariantCulture, $"kubelet certificate expired at {leaf.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}");
            }

            if (leaf.NotBefore > now)
            {
                return string.Create(CultureInfo.InvariantCulture, $"kubelet certificate is not valid before {leaf.NotBefore.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}");
            }

            return "kubelet certificate chain contains an expired certificate";
        }

        if (flags.HasFlag(X509ChainStatusFlags.UntrustedRoot) || flags.HasFlag(X509ChainStatusFlags.PartialChain))
        {
            return $"kubelet certificate not trusted: issuer \"{leaf.Issuer}\" does not chain to a trusted CA";
        }

        if (flags.HasFlag(X509ChainStatusFlags.NotValidForUsage))
        {
            return "kubelet certificate not trusted: it is not valid for server authentication";
        }

        var builder = new StringBuilder("kubelet certificate not trusted:");
        foreach (var status in statuses)
        {
            builder.Append(' ').Append(status.StatusInformation.Trim());
        }

        return builder.ToString();
    }

    private static string DescribeNames(X509Certificate2 leaf)
    {
        var builder = new StringBuilder();
        foreach (var extension in leaf.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                foreach (var dns in san.EnumerateDnsNames())
                {
                    builder.Append(builder.Length == 0 ? string.Empty : ", ").Append(dns);
                }

                foreach (var ip in san.EnumerateIPAddresses())
                {
                    builder.Append(builder.Length == 0 ? string.Empty : ", ").Append(ip);
                }
            }
        }

        return builder.Length == 0 ? "no subject alternative names" : builder.ToString();
    }

    // The TLS stack names IPv6 hosts without brackets, the request URI with them.
    private static string NormalizeHost(string? host) => host is null ? string.Empty : host.Trim('[', ']');
}
