using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace MetricsOperator.Serving.Discovery;

/// <summary>
/// A response body serialised once at start-up, with its content type and a content hash that serves as ETag (and
/// as the <c>hash</c> of an OpenAPI v3 URL). Answering costs a copy of the bytes, so these endpoints stay fast when
/// the server is busy: the aggregator marks the APIService unavailable if discovery takes more than 5 s.
/// </summary>
internal sealed class PrecomputedResponse
{
    private readonly byte[] _body;

    public PrecomputedResponse(string contentType, byte[] body)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        ArgumentNullException.ThrowIfNull(body);
        ContentType = contentType;
        _body = body;
        Hash = Convert.ToHexString(SHA512.HashData(body));
        ETag = "\"" + Hash + "\"";
    }

    public string ContentType { get; }

    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>Upper-case hex SHA-512 of the body, as kube-openapi computes it.</summary>
    public string Hash { get; }

    public string ETag { get; }

    /// <summary>Writes the body, or 304 when the client already holds this version (If-None-Match).</summary>
    public Task WriteAsync(HttpContext context, string? cacheControl = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.Headers.ETag = ETag;
        if (cacheControl is not null)
        {
            response.Headers.CacheControl = cacheControl;
        }

        if (ClientHasCurrentVersion(context.Request))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = _body.Length;
        return response.Body.WriteAsync(_body, context.RequestAborted).AsTask();
    }

    private bool ClientHasCurrentVersion(HttpRequest request)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count == 0 || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any) || string.Equals(tag.Tag.Value, ETag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
