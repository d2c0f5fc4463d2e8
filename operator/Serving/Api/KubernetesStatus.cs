using System.Buffers;
using System.Text.Json;

namespace MetricsOperator.Serving.Api;

/// <summary>The <c>details</c> of a Status: which object or resource the failure is about.</summary>
internal sealed record StatusDetails(string? Name, string? Group, string? Kind);

/// <summary>
/// A failed request's answer, a core/v1 <c>Status</c> with the reason, code and message the API server gives for
/// the same failure (clients such as kubectl print the message and branch on the reason). Always JSON.
/// </summary>
internal sealed record KubernetesStatus(int Code, string Reason, string Message, StatusDetails? Details = null)
{
    public const string ContentType = "application/json";

    public static KubernetesStatus BadRequest(string message) => new(StatusCodes.Status400BadRequest, "BadRequest", message);

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

    public static KubernetesStatus InternalError(string message) =>
        new(StatusCodes.Status500InternalServerError, "InternalError", "Internal error occurred: " + message);

    /// <summary>Sets the status code and content type and writes the body (the response must not have started).</summary>
    public async Task WriteAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = Code;
        response.ContentType = ContentType;
        WriteTo(response.BodyWriter);
        await response.BodyWriter.FlushAsync(response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    public void WriteTo(IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, JsonDocumentWriter.Options);
        json.WriteStartObject();
        json.WriteString(FieldNames.Kind.Json, "Status");
        json.WriteString(FieldNames.ApiVersion.Json, "v1");
        json.WriteStartObject(FieldNames.Metadata.Json);
        json.WriteEndObject();
        json.WriteString(FieldNames.Status.Json, "Failure");
        json.WriteString(FieldNames.Message.Json, Message);
        json.WriteString(FieldNames.Reason.Json, Reason);
        if (Details is { } details)
        {
            json.WriteStartObject(FieldNames.Details.Json);
            WriteIfPresent(json, FieldNames.Name, details.Name);
            WriteIfPresent(json, FieldNames.Group, details.Group);
            WriteIfPresent(json, FieldNames.Kind, details.Kind);
            json.WriteEndObject();
        }

        json.WriteNumber(FieldNames.Code.Json, Code);
        json.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter json, FieldName name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name.Json, value);
        }
    }
}
