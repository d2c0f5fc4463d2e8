using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Tests.Certificates;

/// <summary>Verifies a served certificate the way a TLS client holding a CA bundle does (custom roots, serverAuth).</summary>
internal static class Trust
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>Null when <paramref name="leaf"/> verifies against <paramref name="bundle"/> at <paramref name="at"/>; otherwise why not.</summary>
    public static string? Problem(X509Certificate2 leaf, IEnumerable<X509Certificate2> bundle, DateTimeOffset at) =>
        Build(leaf, bundle, at, out _);

    /// <summary>
    /// Builds the chain ignoring validity periods (<paramref name="at"/> null) or at a time; the path found is
    /// returned so that callers can check it at other times without building it again.
    /// </summary>
    public static string? Build(X509Certificate2 leaf, IEnumerable<X509Certificate2> bundle, DateTimeOffset? at, out IReadOnlyList<X509Certificate2> path)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(bundle.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
        if (at is { } time)
        {
            chain.ChainPolicy.VerificationTime = time.UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
        }
        else
        {
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        }

        var built = chain.Build(leaf);
        path = [.. chain.ChainElements.Select(static element => element.Certificate)];
        if (built)
        {
            return null;
        }

        var statuses = chain.ChainStatus.Select(static status => $"{status.Status}: {status.StatusInformation.Trim()}");
        return $"{leaf.Subject} (issuer {leaf.Issuer}, {leaf.NotBefore:u}..{leaf.NotAfter:u}) does not verify{(at is null ? string.Empty : $" at {at:u}")} against " +
            $"[{string.Join(", ", bundle.Select(static ca => ca.Subject))}]: {string.Join("; ", statuses)}";
    }
}
