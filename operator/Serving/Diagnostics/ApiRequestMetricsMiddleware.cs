namespace MetricsOperator.Serving.Diagnostics;

/// <summary>
/// Counts and times every request. Placed first in the pipeline, so rejected callers (401, 403) and failures
/// count too and the latency covers authentication and authorization.
/// </summary>
internal sealed class ApiRequestMetricsMiddleware(RequestDelegate next, ApiInstruments instruments, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = time.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch
        {
            // The server turns an escaping exception into a 500 (or a reset once the response started).
            Record(context, StatusCodes.Status500InternalServerError, started);
            throw;
        }

        Record(context, context.Response.StatusCode, started);
    }

    private void Record(HttpContext context, int statusCode, long started)
    {
        var request = context.Request;
        var attributes = ApiRequestClassifier.Classify(
            request.Method, request.Path.Value, ApiRequestClassifier.IsWatch(request.Query["watch"]));
        instruments.RecordRequest(attributes, statusCode, time.GetElapsedTime(started));
    }
}
