using System.Collections.Concurrent;
using System.Net;
using System.Text;
using k8s;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Tests.Kubernetes.Testing;

/// <summary>
/// Stands in for the API server behind a real Kubernetes client (no socket): records each request with its exact
/// path and query, content type and body, and answers with the test's responder.
/// </summary>
internal sealed class ApiRecorder : DelegatingHandler
{
    private readonly Func<ApiRequest, HttpResponseMessage> _respond;
    private readonly ConcurrentQueue<ApiRequest> _requests = new();

    public ApiRecorder(Func<ApiRequest, HttpResponseMessage> respond) => _respond = respond;

    public IReadOnlyList<ApiRequest> Requests => [.. _requests];

    public ApiRequest Single => _requests.Single();

    /// <summary>An endpoint sharing a real client's connection and token credentials, ending in this recorder.</summary>
    public KubernetesApiEndpoint Endpoint() =>
        KubernetesApiEndpoint.FromClient(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:6443", AccessToken = "test-token" }, this));

    public static HttpResponseMessage Json(object body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body as string ?? KubernetesJson.Serialize(body), Encoding.UTF8, "application/json") };

    /// <summary>A <c>Status</c> failure body as the API server writes it.</summary>
    public static HttpResponseMessage Failure(HttpStatusCode status, string reason, string message) =>
        Json(
            $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":{{System.Text.Json.JsonSerializer.Serialize(message)}},"reason":"{{reason}}","code":{{(int)status}}}""",
            status);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var recorded = new ApiRequest(
            request.Method.Method,
            request.RequestUri!.PathAndQuery,
            request.Content?.Headers.ContentType?.MediaType,
            request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false),
            request.Headers.Authorization?.ToString());
        _requests.Enqueue(recorded);
        var response = _respond(recorded);
        response.RequestMessage = request;
        return response;
    }

    internal sealed record ApiRequest(string Method, string PathAndQuery, string? ContentType, string? Body, string? Authorization)
    {
        public System.Text.Json.Nodes.JsonNode? Json => Body is null ? null : System.Text.Json.Nodes.JsonNode.Parse(Body);
    }
}
