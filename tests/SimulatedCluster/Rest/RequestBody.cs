using System.Text.Json;
using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Rest;

/// <summary>Reads a request body as JSON, or as YAML for apply patches and YAML content types.</summary>
internal static class RequestBody
{
    private const int MaxBytes = 3 * 1024 * 1024;

    public static async Task<JsonNode?> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var buffer = new char[MaxBytes + 1];
        var read = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted);
        if (read > MaxBytes)
        {
            throw new ApiException(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
        }

        var text = new string(buffer, 0, read);
        var contentType = request.ContentType ?? "application/json";
        if (contentType.Contains("protobuf", StringComparison.Ordinal) || contentType.Contains("cbor", StringComparison.Ordinal))
        {
            // Documented limitation: request bodies are JSON or YAML only (kubectl create <generator> in 1.33 sends protobuf).
            throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ApiException.BadRequest("the body of the request is empty");
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException) when (contentType.Contains("yaml", StringComparison.Ordinal))
        {
            // Re-parsed so numbers behave like any parsed JSON number (convertible between integer and floating types).
            return YamlToJson.Convert(text) is { } converted ? JsonNode.Parse(converted.ToJsonString()) : null;
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"the object provided is unrecognized: {e.Message}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request) =>
        await ReadAsync(request) as JsonObject ?? throw ApiException.BadRequest("the body of the request must be a JSON object");
}
