using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// Writes the Kubernetes Status objects (kind Status, apiVersion v1) of the access-control middlewares: 401
/// Unauthorized, 403 Forbidden and 500 InternalError. Kept to these three so it can be folded into the serving
/// layer's general Status writer.
/// </summary>
internal static class AccessStatusResponses
{
    public const string UnauthorizedReason = "Unauthorized";
    public const string ForbiddenReason = "Forbidden";
    public const string InternalErrorReason = "InternalError";

    // Quotes as \" rather than \u0022, like the API server, so messages read naturally in curl and kubectl -v output.
    // The body is JSON served with nosniff, never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>401 with the message the API server gives, which says nothing about which credential failed.</summary>
    public static Task WriteUnauthorizedAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, UnauthorizedReason, "Unauthorized", details: null);

    public static Task WriteForbiddenAsync(HttpContext context, string message, StatusDetails details) =>
        WriteAsync(context, StatusCodes.Status403Forbidden, ForbiddenReason, message, details);

    public static Task WriteInternalErrorAsync(HttpContext context, string message) =>
        WriteAsync(context, StatusCodes.Status500InternalServerError, InternalErrorReason, message, details: null);

    /// <summary>The Status JSON, fields in the API server's order; <paramref name="details"/> null leaves them out.</summary>
    public static void Write(IBufferWriter<byte> output, int code, string reason, string message, StatusDetails? details)
    {
        using var json = new Utf8JsonWriter(output, WriterOptions);
        json.WriteStartObject();
        json.WriteString("kind", "Status");
        json.WriteString("apiVersion", "v1");
        json.WriteStartObject("metadata");
        json.WriteEndObject();
        json.WriteString("status", "Failure");
        json.WriteString("message", message);
        json.WriteString("reason", reason);
        if (details is { } known)
        {
            json.WriteStartObject("details");
            WriteIfPresent(json, "name", known.Name);
            WriteIfPresent(json, "group", known.Group);
            WriteIfPresent(json, "kind", known.Kind);
            json.WriteEndObject();
        }

        json.WriteNumber("code", code);
        json.WriteEndObject();
    }

    private static Task WriteAsync(HttpContext context, int code, string reason, string message, StatusDetails? details)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = code;
        response.ContentType = "application/json";
        response.Headers[HeaderNames.CacheControl] = "no-cache, private";
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        Write(response.BodyWriter, code, reason, message, details);
        return response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }

    private static void WriteIfPresent(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }
}

/// <summary>A Status's <c>details</c>: the object's name and its group and kind (for a denial, the resource).</summary>
internal readonly record struct StatusDetails(string? Name, string? Group, string? Kind);
