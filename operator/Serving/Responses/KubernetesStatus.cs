using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace MetricsOperator.Serving.Responses;

/// <summary>A Status's <c>details</c>: the object's name and its group and kind (for a denial, the resource).</summary>
internal readonly record struct StatusDetails(string? Name, string? Group, string? Kind);

/// <summary>
/// Every failed request's answer on the serving port (metrics API, discovery, authentication and authorization):
/// a core/v1 <c>Status</c> with the reason, code and message the API server gives for the same failure (clients
/// such as kubectl print the message and branch on the reason). Always JSON.
/// </summary>
internal sealed record KubernetesStatus(int Code, string Reason, string Message, StatusDetails? Details = null)
{
    public const string ContentType = "application/json";

    // Quotes as \" rather than \u0022 and non-ASCII as UTF-8, like the API server, so messages read naturally in
    // curl and kubectl -v output. The body is JSON served with nosniff, never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonEncodedText KindField = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText ApiVersionField = JsonEncodedText.Encode("apiVersion");
    private static readonly JsonEncodedText MetadataField = JsonEncodedText.Encode("metadata");
    private static readonly JsonEncodedText StatusField = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText MessageField = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText ReasonField = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText DetailsField = JsonEncodedText.Encode("details");
    private static readonly JsonEncodedText NameField = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText GroupField = JsonEncodedText.Encode("group");
    private static readonly JsonEncodedText CodeField = JsonEncodedText.Encode("code");

    public static KubernetesStatus BadRequest(string message) => new(StatusCodes.Status400BadRequest, "BadRequest", message);

    /// <summary>401 with the message the API server gives, which says nothing about which credential failed.</summary>
    public static KubernetesStatus Unauthorized() => new(StatusCodes.Status401Unauthorized, "Unauthorized", "Unauthorized");

    /// <summary>403 with the authorizer's message and the denied resource as details.</summary>
    public static KubernetesStatus Forbidden(string message, StatusDetails details) => new(StatusCodes.Status403Forbidden, "Forbidden", message, details);

    /// <summary>An object that does not exist (or has no metrics): <c>{resource} "{name}" not found</c>.</summary>
    public static KubernetesStatus NotFound(string resource, string? group, string name)
    {
        var qualified = group is null ? resource : resource + "." + group;
        return new(StatusCodes.Status404NotFound, "NotFound", $"{qualified} \"{name}\" not found", new StatusDetails(name, group, resource));
    }

    /// <summary>A list with <c>watch</c>: the resource has no watch (the API server's MethodNotSupported).</summary>
    public static KubernetesStatus WatchNotSupported(string resource, string group) => new(
        StatusCodes.Status405MethodNotAllowed,
        "MethodNotAllowed",
        $"watch is not supported on resources of kind \"{resource}.{group}\"",
        new StatusDetails(null, group, resource));

    /// <summary>A method the resource does not serve (create, update, patch, delete): no such route exists for it.</summary>
    public static KubernetesStatus MethodNotAllowed(string resource, string group) => new(
        StatusCodes.Status405MethodNotAllowed,
        "MethodNotAllowed",
        "the server does not allow this method on the requested resource",
        new StatusDetails(null, group, resource));

    /// <summary>A path under the group version that names no resource (the API server's answer, with empty details).</summary>
    public static KubernetesStatus PathNotFound() => new(
        StatusCodes.Status404NotFound, "NotFound", "the server could not find the requested resource", new StatusDetails(null, null, null));

    public static KubernetesStatus NotAcceptable(IReadOnlyList<string> offered) => new(
        StatusCodes.Status406NotAcceptable,
        "NotAcceptable",
        "only the following media types are accepted: " + string.Join(", ", offered));

    /// <summary>An unexpected failure while answering: the API server's <c>Internal error occurred: ...</c>.</summary>
    public static KubernetesStatus InternalError(string message) =>
        new(StatusCodes.Status500InternalServerError, "InternalError", "Internal error occurred: " + message);

    /// <summary>A 500 whose message is complete as given (the access-control layer names its own cause).</summary>
    public static KubernetesStatus InternalErrorVerbatim(string message) =>
        new(StatusCodes.Status500InternalServerError, "InternalError", message);

    /// <summary>Sets the status code and headers and writes the body (the response must not have started).</summary>
    public async Task WriteAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = Code;
        response.ContentType = ContentType;
        response.Headers[HeaderNames.CacheControl] = "no-cache, private";
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        WriteTo(response.BodyWriter);
        await response.BodyWriter.FlushAsync(response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The Status JSON, fields in the API server's order; no <see cref="Details"/> leaves them out.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, WriterOptions);
        json.WriteStartObject();
        json.WriteString(KindField, "Status");
        json.WriteString(ApiVersionField, "v1");
        json.WriteStartObject(MetadataField);
        json.WriteEndObject();
        json.WriteString(StatusField, "Failure");
        json.WriteString(MessageField, Message);
        json.WriteString(ReasonField, Reason);
        if (Details is { } details)
        {
            json.WriteStartObject(DetailsField);
            WriteIfPresent(json, NameField, details.Name);
            WriteIfPresent(json, GroupField, details.Group);
            WriteIfPresent(json, KindField, details.Kind);
            json.WriteEndObject();
        }

        json.WriteNumber(CodeField, Code);
        json.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter json, JsonEncodedText name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }
}
