using System.Net;
using System.Text.Json;
using k8s.Models;
using MetricsOperator.Kubernetes.Serialization;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>A non-success HTTP response from the Kubernetes API, with the <see cref="V1Status"/> body when it had one.</summary>
internal sealed class KubernetesApiException : Exception
{
    private const int MaxQuotedBodyChars = 512;

    public KubernetesApiException(HttpStatusCode statusCode, V1Status? status, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Status = status;
    }

    public KubernetesApiException()
        : this(HttpStatusCode.InternalServerError, null, "Kubernetes API request failed")
    {
    }

    public KubernetesApiException(string message)
        : this(HttpStatusCode.InternalServerError, null, message)
    {
    }

    public KubernetesApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = HttpStatusCode.InternalServerError;
    }

    public HttpStatusCode StatusCode { get; }

    public V1Status? Status { get; }

    public static async Task<KubernetesApiException> FromResponseAsync(
        HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var status = TryParseStatus(body);
        var detail = status?.Message ?? (body.Length > MaxQuotedBodyChars ? body[..MaxQuotedBodyChars] + "…" : body);
        var message = $"{request.Method} {request.RequestUri?.PathAndQuery} failed with {(int)response.StatusCode} " +
            $"{response.ReasonPhrase ?? response.StatusCode.ToString()}: {(detail.Length == 0 ? "(empty body)" : detail)}";
        return new KubernetesApiException(response.StatusCode, status, message);
    }

    private static V1Status? TryParseStatus(string body)
    {
        if (!body.AsSpan().TrimStart().StartsWith("{"))
        {
            return null;
        }

        try
        {
            var status = KubernetesJsonSerializer.Deserialize<V1Status>(body);
            return status?.Kind == "Status" ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
