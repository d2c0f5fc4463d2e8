using System.Net.Http.Headers;

namespace MetricsOperator.Tests.Hosting;

/// <summary>
/// The fake API server's aggregation layer: <c>/apis</c> and <c>/apis/metrics.k8s.io/...</c> are forwarded to the
/// operator's endpoint with the client certificate of <see cref="Upstream"/>, so a client that needs the core API
/// too (<c>kubectl top node</c> lists nodes) sees one server, as it does in a cluster.
/// </summary>
internal sealed class AggregatedApiProxy
{
    /// <summary>The operator's endpoint; until set, forwarded paths answer 503 as an unavailable APIService does.</summary>
    public HttpClient? Upstream { get; set; }

    public async Task ForwardAsync(HttpContext context)
    {
        if (Upstream is null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, context.Request.Path + context.Request.QueryString);
        foreach (var accept in context.Request.Headers.Accept)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await Upstream.SendAsync(request, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is MediaTypeHeaderValue type)
        {
            context.Response.ContentType = type.ToString();
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
