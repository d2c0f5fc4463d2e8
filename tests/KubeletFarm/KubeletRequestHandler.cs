using System.IO.Compression;
using Microsoft.Extensions.Primitives;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// Answers one request on a simulated kubelet: find the node by the local address, authenticate, apply the node's
/// fault plan, then render the payload into a pooled buffer (gzipped when asked) and send it with a single write.
/// </summary>
internal sealed class KubeletRequestHandler
{
    /// <summary>Go's net/http sends Content-Length only when the handler's output fits its 2 KiB chunking buffer.</summary>
    private const int GoChunkingThreshold = 2048;

    private static readonly StringValues MetricsContentType = "text/plain; version=0.0.4; charset=utf-8";
    private static readonly StringValues ErrorContentType = "text/plain; charset=utf-8";
    private static readonly StringValues Gzip = "gzip";
    private static readonly StringValues AcceptEncoding = "Accept-Encoding";
    private static readonly ZLibCompressionOptions GoDefaultCompression = new() { CompressionLevel = 6 };

    private readonly IReadOnlyList<SimulatedNode> _nodes;
    private readonly LoopbackAddressPlan _addresses;
    private readonly KubeletAuthenticator _authenticator;
    private readonly KubeletPayloadRenderer _renderer;
    private readonly KubeletFarmOptions _options;
    private readonly CancellationToken _stopping;

    public KubeletRequestHandler(
        IReadOnlyList<SimulatedNode> nodes,
        LoopbackAddressPlan addresses,
        KubeletAuthenticator authenticator,
        KubeletFarmOptions options,
        CancellationToken stopping)
    {
        _nodes = nodes;
        _addresses = addresses;
        _authenticator = authenticator;
        _options = options;
        _stopping = stopping;
        _renderer = new KubeletPayloadRenderer(options.PayloadFormat);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var index = _addresses.IndexOf(context.Connection.LocalIpAddress);
        if ((uint)index >= (uint)_nodes.Count)
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, "404 page not found\n");
            return;
        }

        var node = _nodes[index];
        node.CountRequest();
        if (!IsMetricsPath(context.Request.Path))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, "404 page not found\n");
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed\n");
            return;
        }

        if (!await _authenticator.IsAuthenticatedAsync(context))
        {
            node.CountUnauthorized();
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized\n");
            return;
        }

        var fault = node.Fault;
        if (fault.Delay > TimeSpan.Zero || fault.Kind == KubeletFaultKind.Hang)
        {
            var delay = fault.Kind == KubeletFaultKind.Hang ? Timeout.InfiniteTimeSpan : fault.Delay;
            if (!await WaitAsync(delay, context.RequestAborted))
            {
                // The client left or the farm is stopping: returning normally would send an empty 200.
                context.Abort();
                return;
            }
        }

        switch (fault.Kind)
        {
            case KubeletFaultKind.ServerError:
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "An error has occurred while serving metrics:\n\nsimulated kubelet failure\n");
                return;
            case KubeletFaultKind.ConnectionReset:
                context.Abort();
                return;
            default:
                await WritePayloadAsync(context, node, fault);
                return;
        }
    }

    private bool IsMetricsPath(PathString path)
    {
        foreach (var candidate in _options.MetricsPaths)
        {
            if (string.Equals(path.Value, candidate, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Waits on the farm's clock; false when the client left or the farm is stopping.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken requestAborted)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _stopping);
        try
        {
            await Task.Delay(delay, _options.TimeProvider, either.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WritePayloadAsync(HttpContext context, SimulatedNode node, KubeletFault fault)
    {
        using var body = new PooledByteBuffer(Math.Max(node.RenderSizeHint, 4096));
        if (fault.Kind == KubeletFaultKind.Oversized)
        {
            _renderer.RenderPadded(node, fault.OversizedBytes, body);
        }
        else
        {
            _renderer.Render(node, body, VariantOf(fault.Kind));
            node.RenderSizeHint = body.Length;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.ContentType = MetricsContentType;
        if (AcceptsGzip(context.Request.Headers.AcceptEncoding))
        {
            using var compressed = new PooledByteBuffer(Math.Max(body.Length / 4, 1024));
            using (var gzip = new GZipStream(new PooledByteBufferStream(compressed), GoDefaultCompression))
            {
                gzip.Write(body.WrittenSpan);
            }

            response.Headers.ContentEncoding = Gzip;
            response.Headers.Vary = AcceptEncoding;
            await SendAsync(response, compressed, context.RequestAborted);
            return;
        }

        await SendAsync(response, body, context.RequestAborted);
    }

    private async Task SendAsync(HttpResponse response, PooledByteBuffer body, CancellationToken cancellationToken)
    {
        if (_options.AlwaysSendContentLength || body.Length < GoChunkingThreshold)
        {
            response.ContentLength = body.Length;
        }

        await response.Body.WriteAsync(body.WrittenMemory, cancellationToken);
    }

    private static PayloadVariant VariantOf(KubeletFaultKind kind) => kind switch
    {
        KubeletFaultKind.MalformedBody => PayloadVariant.Malformed,
        KubeletFaultKind.ZeroValues => PayloadVariant.ZeroValues,
        KubeletFaultKind.NotANumber => PayloadVariant.NotANumber,
        _ => PayloadVariant.Normal,
    };

    /// <summary>Like promhttp: gzip when any comma-separated Accept-Encoding entry is <c>gzip</c> (with or without parameters).</summary>
    private static bool AcceptsGzip(StringValues acceptEncoding)
    {
        foreach (var header in acceptEncoding)
        {
            foreach (var range in header.AsSpan().Split(','))
            {
                var entry = header.AsSpan()[range].Trim();
                if (entry.Equals("gzip", StringComparison.OrdinalIgnoreCase) || entry.StartsWith("gzip;", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.ContentType = ErrorContentType;
        return context.Response.WriteAsync(message, context.RequestAborted);
    }
}
