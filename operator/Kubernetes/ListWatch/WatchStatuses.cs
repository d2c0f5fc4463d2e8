using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>Classifies watch and list failures: which mean "resourceVersion too old, relist" and which are decode failures.</summary>
internal static class WatchStatuses
{
    /// <summary>Reason of the status we synthesise for an event that could not be decoded (the event is lost).</summary>
    public const string MalformedEventReason = "MalformedWatchEvent";

    public static V1Status Malformed(string message) => new()
    {
        ApiVersion = "v1",
        Kind = "Status",
        Status = "Failure",
        Code = (int)HttpStatusCode.InternalServerError,
        Reason = MalformedEventReason,
        Message = message,
    };

    /// <summary>410 Gone / reason Expired or Gone: the resourceVersion is no longer available and only a LIST recovers.</summary>
    public static bool IsGone(V1Status? status) =>
        status is not null && (status.Code == (int)HttpStatusCode.Gone || status.Reason is "Expired" or "Gone");

    public static bool IsMalformed(V1Status? status) => status?.Reason == MalformedEventReason;

    /// <summary>Whether an exception from a list or watch call carries 410 Gone, whichever client raised it.</summary>
    public static bool IsGone(Exception exception) => exception switch
    {
        KubernetesApiException api => api.StatusCode == HttpStatusCode.Gone || IsGone(api.Status),
        HttpOperationException http => http.Response?.StatusCode == HttpStatusCode.Gone,
        KubernetesException kubernetes => IsGone(kubernetes.Status),
        _ => false,
    };

    /// <summary>The status an error passed to the Kubernetes client's <c>onError</c> callback stands for.</summary>
    public static V1Status FromClientError(Exception error) =>
        error is KubernetesException { Status: { } status }
            ? status
            : Malformed($"undecodable watch event: {error.GetType().Name}: {error.Message}");

    /// <summary>Short, log-friendly text for a status: <c>410 Expired: too old resource version</c>.</summary>
    public static string Describe(V1Status status) =>
        $"{status.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} {status.Reason ?? "(no reason)"}: {status.Message ?? "(no message)"}";
}
