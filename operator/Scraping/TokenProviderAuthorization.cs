using System.Net.Http.Headers;
using k8s.Authentication;

namespace MetricsOperator.Scraping;

/// <summary>Delegates to the client library's token provider (kubeconfig token files, exec and OIDC plugins).</summary>
internal sealed class TokenProviderAuthorization(ITokenProvider provider) : IKubeletAuthorization
{
    public async ValueTask<AuthenticationHeaderValue> GetHeaderAsync(CancellationToken cancellationToken) =>
        await provider.GetAuthenticationHeaderAsync(cancellationToken).ConfigureAwait(false);
}
