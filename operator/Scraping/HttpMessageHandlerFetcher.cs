using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace MetricsOperator.Scraping;

/// <summary>
/// Fetches through an <see cref="HttpMessageHandler"/>: only for tests, whose in-memory kubelets are handlers
/// (see <see cref="KubeletTransport.ForHandler"/>). Production requests go through <see cref="KubeletHttpFetcher"/>.
/// </summary>
internal sealed class HttpMessageHandlerFetcher(HttpMessageHandler handler) : IKubeletFetcher
{
    private readonly HttpMessageInvoker _invoker = new(handler, disposeHandler: true);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ScrapeFailure?> FetchAsync(
        Uri uri, Uri shown, AuthenticationHeaderValue? authorization, ResponseBuffer into, long maxResponseBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(into);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = authorization;
        HttpResponseMessage response;
        try
        {
            response = await _invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return KubeletRequestErrors.Describe(e, null, uri.IdnHost, shown.IdnHost);
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return KubeletRequestErrors.Status(response.StatusCode, response.ReasonPhrase);
            }

            if (response.Content.Headers.ContentLength > maxResponseBytes)
            {
                return KubeletRequestErrors.TooLarge(maxResponseBytes);
            }

            try
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    return await into.FillAsync(stream, KubeletHttpFetcher.BufferLimit(maxResponseBytes), cancellationToken).ConfigureAwait(false)
                        ? null
                        : KubeletRequestErrors.TooLarge(maxResponseBytes);
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException or InvalidDataException)
            {
                return KubeletRequestErrors.ReadFailed(e);
            }
        }
    }

    public void Dispose() => _invoker.Dispose();
}
