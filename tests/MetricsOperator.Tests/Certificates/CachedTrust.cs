using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Tests.Certificates;

/// <summary>
/// <see cref="Trust"/> for many checks of the same certificates at different times: each (certificate, bundle)
/// chain is built once without time; each check then only compares the time with the validity of that path.
/// </summary>
internal sealed class CachedTrust
{
    private readonly Dictionary<string, (string? Problem, IReadOnlyList<X509Certificate2> Path)> _chains = new(StringComparer.Ordinal);

    public string? Problem(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> bundle, DateTimeOffset at)
    {
        var key = leaf.Thumbprint + "|" + string.Join(",", bundle.Select(static ca => ca.Thumbprint));
        if (!_chains.TryGetValue(key, out var chain))
        {
            chain.Problem = Trust.Build(leaf, bundle, null, out chain.Path);
            _chains[key] = chain;
        }

        if (chain.Problem is not null)
        {
            return chain.Problem;
        }

        var expired = chain.Path.FirstOrDefault(certificate => at.UtcDateTime < certificate.NotBefore.ToUniversalTime() || at.UtcDateTime > certificate.NotAfter.ToUniversalTime());
        return expired is null ? null : $"{expired.Subject} in the path of {leaf.Subject} is valid {expired.NotBefore.ToUniversalTime():u}..{expired.NotAfter.ToUniversalTime():u}, not at {at:u}";
    }
}
