using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MetricsOperator.SimulatedCluster.Aggregation;

/// <summary>
/// How the aggregator trusts one APIService's backend: its certificate must chain to the APIService's
/// <c>caBundle</c> and carry the name <c>&lt;service&gt;.&lt;namespace&gt;.svc</c> (the backend is dialled by Pod IP,
/// so the name is checked here, as Go's ServerName would), unless <c>insecureSkipTLSVerify</c> is set.
/// </summary>
internal sealed class BackendTlsPolicy
{
    private readonly X509Certificate2Collection _roots = [];
    private readonly bool _insecure;
    public string ServerName { get; }

    public BackendTlsPolicy(byte[]? caBundle, bool insecureSkipTlsVerify, string serverName)
    {
        _insecure = insecureSkipTlsVerify;
        ServerName = serverName;
        if (caBundle is { Length: > 0 })
        {
            try
            {
                _roots.ImportFromPem(Encoding.ASCII.GetString(caBundle));
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                BundleError = "caBundle is not valid PEM: " + e.Message;
            }
        }
    }

    /// <summary>Why the caBundle cannot be used, or null.</summary>
    public string? BundleError { get; }

    /// <summary>The last rejection's cause, for the error text (x509-style wording).</summary>
    public string? LastFailure { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_insecure)
        {
            return true;
        }

        if (certificate is null)
        {
            LastFailure = "tls: server presented no certificate";
            return false;
        }

        if (_roots.Count == 0)
        {
            LastFailure = BundleError ?? "x509: certificate signed by unknown authority (the APIService has no caBundle)";
            return false;
        }

        using var leaf = new X509Certificate2(certificate);
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (!custom.Build(leaf))
        {
            LastFailure = "x509: certificate signed by unknown authority";
            return false;
        }

        if (!leaf.MatchesHostname(ServerName))
        {
            LastFailure = $"x509: certificate is valid for {DescribeNames(leaf)}, not {ServerName}";
            return false;
        }

        return true;
    }

    private static string DescribeNames(X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(ip => ip.ToString())))
            .ToList();
        return names.Count == 0 ? "no names" : string.Join(", ", names);
    }
}
