using System.Text;
using k8s.Models;
using MetricsOperator.SimulatedCluster.ControlPlane;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>
/// Bearer tokens of ServiceAccounts: those minted by <see cref="ServiceAccountTokens"/> and those stored in Secrets of
/// type <c>kubernetes.io/service-account-token</c>. Either way the ServiceAccount must exist.
/// </summary>
internal sealed class ServiceAccountTokenAuthenticator
{
    public const string TokenSecretType = "kubernetes.io/service-account-token";
    public const string ServiceAccountNameAnnotation = "kubernetes.io/service-account.name";

    private readonly ServiceAccountTokens _minted;
    private readonly IClusterState _state;
    private readonly Lock _gate = new();
    private (long Revision, Dictionary<string, ServiceAccountReference> Tokens)? _secretTokens;

    public ServiceAccountTokenAuthenticator(ServiceAccountTokens minted, IClusterState state)
    {
        _minted = minted;
        _state = state;
    }

    /// <summary>The ServiceAccount's identity, or null when the token is unknown or its ServiceAccount is gone.</summary>
    public UserIdentity? Authenticate(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (!_minted.TryResolve(token, out var account) && !SecretTokens().TryGetValue(token, out account))
        {
            return null;
        }

        var serviceAccount = _state.Get<V1ServiceAccount>(account.Namespace, account.Name);
        return serviceAccount is null ? null : new UserIdentity(account.UserName, account.Groups, serviceAccount.Metadata?.Uid);
    }

    private Dictionary<string, ServiceAccountReference> SecretTokens()
    {
        lock (_gate)
        {
            var revision = _state.Revision;
            if (_secretTokens is { } cached && cached.Revision == revision)
            {
                return cached.Tokens;
            }

            var tokens = new Dictionary<string, ServiceAccountReference>(StringComparer.Ordinal);
            foreach (var secret in _state.List<V1Secret>())
            {
                if (secret.Type != TokenSecretType
                    || secret.Metadata?.NamespaceProperty is not { Length: > 0 } ns
                    || secret.Metadata.Annotations?.TryGetValue(ServiceAccountNameAnnotation, out var name) != true
                    || string.IsNullOrEmpty(name)
                    || secret.Data?.TryGetValue("token", out var bytes) != true
                    || bytes is not { Length: > 0 })
                {
                    continue;
                }

                tokens[Encoding.UTF8.GetString(bytes)] = new ServiceAccountReference(ns, name);
            }

            _secretTokens = (revision, tokens);
            return tokens;
        }
    }
}
