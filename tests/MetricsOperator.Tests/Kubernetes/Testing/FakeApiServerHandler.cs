using System.Collections.Concurrent;
using System.Net;
using System.Text;
using k8s;

namespace MetricsOperator.Tests.Kubernetes.Testing;

/// <summary>
/// Stands in for the API server at the end of the Kubernetes client's handler chain (no socket is opened).
/// Records each request with the headers it carried; answers with the test's responder.
/// </summary>
internal sealed class FakeApiServerHandler : DelegatingHandler
{
    private readonly Func<HttpRequestMessage, HttpResponseMessage> _respond;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public FakeApiServerHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) => _respond = respond;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>A real client (token credentials included) whose requests end in <paramref name="handler"/>.</summary>
    public static k8s.Kubernetes ClientFor(FakeApiServerHandler handler) =>
        new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:6443", AccessToken = "test-token" }, handler);

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Lines(params string[] lines) => Json(string.Join('\n', lines) + "\n");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(new RecordedRequest(
            request.Method,
            request.RequestUri!,
            // Non-validated: the raw text sent, not a re-formatted parse of it.
            request.Headers.NonValidated.TryGetValues("Accept", out var accept) ? string.Join(",", accept) : null,
            request.Headers.Authorization?.ToString()));
        var response = _respond(request);
        response.RequestMessage = request;
        return Task.FromResult(response);
    }

    internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Accept, string? Authorization);
}
