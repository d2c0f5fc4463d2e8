using System.Net.Http.Headers;

namespace MetricsOperator.Scraping;

/// <summary>Sends one GET to a kubelet and reads its body: over our own HTTP/1.1 client, or in tests an in-memory handler.</summary>
internal interface IKubeletFetcher : IDisposable
{
    /// <param name="uri">The URL requested (and connected to).</param>
    /// <param name="shown">The URL failures name; its host replaces <paramref name="uri"/>'s in connection messages.</param>
    /// <returns>Null when the body is in <paramref name="into"/>, else why not.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<ScrapeFailure?> FetchAsync(
        Uri uri, Uri shown, AuthenticationHeaderValue? authorization, ResponseBuffer into, long maxResponseBytes, CancellationToken cancellationToken);
}
