using System.Net.Http.Headers;

namespace MetricsOperator.Scraping;

/// <summary>A fixed header: a bearer token or basic credentials written in the kubeconfig.</summary>
internal sealed class StaticKubeletAuthorization(AuthenticationHeaderValue header) : IKubeletAuthorization
{
    public ValueTask<AuthenticationHeaderValue> GetHeaderAsync(CancellationToken cancellationToken) => ValueTask.FromResult(header);
}
