using System.Net.Http.Headers;

namespace MetricsOperator.Scraping;

/// <summary>Produces the Authorization header sent to kubelets; implementations are safe for concurrent use.</summary>
internal interface IKubeletAuthorization
{
    ValueTask<AuthenticationHeaderValue> GetHeaderAsync(CancellationToken cancellationToken);
}
