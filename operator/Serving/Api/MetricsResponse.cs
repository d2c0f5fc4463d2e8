using MetricsOperator.Serving.Responses;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// How the metrics endpoints start and fail a response. They never flush at the end: the server sends what is still
/// buffered when the handler returns together with the end of the stream (HTTP/2: HEADERS and DATA with END_STREAM in
/// one write), where a flush of its own would send the body first and an empty END_STREAM frame after it, a second
/// TLS record, socket write and thread hand-off per request.
/// </summary>
internal static class MetricsResponse
{
    /// <summary>Sets 200 and the chosen representation's Content-Type; the body is then written into <see cref="HttpResponse.BodyWriter"/>.</summary>
    public static void StartOk(HttpResponse response, IMetricsRepresentation representation)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = representation.ContentType;
    }

    /// <summary>
    /// Starts a 200 and writes a list: in flushed pieces when it is long and the representation can stream, else at
    /// once into the response buffer. The caller keeps the read view open until this completes.
    /// </summary>
    public static ValueTask WriteListAsync(HttpContext http, MetricsRequest request, List<ServedPod> pods)
    {
        StartOk(http.Response, request.Representation);
        if (pods.Count > IStreamingMetricsRepresentation.StreamingThreshold && request.Representation is IStreamingMetricsRepresentation streaming)
        {
            return streaming.WritePodListAsync(http.Response.BodyWriter, pods, request.Context, http.RequestAborted);
        }

        request.Representation.WritePodList(http.Response.BodyWriter, pods, request.Context);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc cref="WriteListAsync(HttpContext, MetricsRequest, List{ServedPod})"/>
    public static ValueTask WriteListAsync(HttpContext http, MetricsRequest request, List<ServedNode> nodes)
    {
        StartOk(http.Response, request.Representation);
        if (nodes.Count > IStreamingMetricsRepresentation.StreamingThreshold && request.Representation is IStreamingMetricsRepresentation streaming)
        {
            return streaming.WriteNodeListAsync(http.Response.BodyWriter, nodes, request.Context, http.RequestAborted);
        }

        request.Representation.WriteNodeList(http.Response.BodyWriter, nodes, request.Context);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Runs <paramref name="handler"/> so that a failure before the response started is answered with a 500 Status
    /// (and logged) instead of an empty body; once bytes are on the wire the exception aborts the response.
    /// </summary>
    public static RequestDelegate Guarded(Func<HttpContext, Task> handler, ILogger logger) => async http =>
    {
        try
        {
            await handler(http).ConfigureAwait(false);
        }
        catch (Exception error) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            MetricsApiLog.RequestFailed(logger, http.Request.Method, http.Request.Path, error);
            http.Response.Clear();
            await KubernetesStatus.InternalError(error.Message).WriteAsync(http.Response).ConfigureAwait(false);
        }
    };
}
