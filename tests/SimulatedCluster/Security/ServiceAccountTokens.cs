using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>
/// The bearer tokens the stand-in has minted for ServiceAccounts (what the TokenRequest API would hand out).
/// Tokens are opaque random strings; the ServiceAccount must still exist when a token is presented.
/// </summary>
internal sealed class ServiceAccountTokens
{
    private readonly ConcurrentDictionary<string, ServiceAccountReference> _tokens = new(StringComparer.Ordinal);

    /// <summary>A new token for <paramref name="ns"/>/<paramref name="name"/>.</summary>
    public string Mint(string ns, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var token = "sa." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _tokens[token] = new ServiceAccountReference(ns, name);
        return token;
    }

    public bool TryResolve(string token, out ServiceAccountReference account) => _tokens.TryGetValue(token, out account!);

    /// <summary>Invalidates a token (as deleting a bound token's object would).</summary>
    public bool Revoke(string token) => _tokens.TryRemove(token, out _);
}

/// <summary>A ServiceAccount by namespace and name.</summary>
internal sealed record ServiceAccountReference(string Namespace, string Name)
{
    public const string UserPrefix = "system:serviceaccount:";

    public string UserName => UserPrefix + Namespace + ":" + Name;

    public IReadOnlyList<string> Groups => ["system:serviceaccounts", "system:serviceaccounts:" + Namespace, SystemGroups.Authenticated];
}
