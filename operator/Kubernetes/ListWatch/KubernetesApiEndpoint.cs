using System.Net;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// Raw GETs against the Kubernetes API with the client's connection, base address and credentials, for requests
/// the typed client cannot express (such as an Accept header asking for metadata only).
/// </summary>
internal sealed class KubernetesApiEndpoint
{
    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly Func<HttpRequestMessage, CancellationToken, Task>? _authorize;

    /// <param name="authorize">Adds credentials to each request (the client's bearer token, for instance).</param>
    public KubernetesApiEndpoint(HttpClient http, Uri baseUri, Func<HttpRequestMessage, CancellationToken, Task>? authorize = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseUri);
        _http = http;
        _baseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        _authorize = authorize;
    }

    /// <summary>Shares the typed client's HttpClient (TLS, client certificates) and its token credentials.</summary>
    public static KubernetesApiEndpoint FromClient(k8s.Kubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var credentials = client.Credentials;
        return new KubernetesApiEndpoint(client.HttpClient, client.BaseUri, credentials is null ? null : credentials.ProcessHttpRequestAsync);
    }

    /// <summary>
    /// Sends a GET and returns the response once its headers arrived (the body may still be streaming).
    /// A non-success status is thrown as <see cref="KubernetesApiException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> GetAsync(string relativeUri, string accept, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, relativeUri, accept, content: null, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await KubernetesApiException.FromResponseAsync(response.RequestMessage!, response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends any request with the client's credentials and returns the response, whatever its status, once its headers
    /// arrived; the caller disposes it. <see cref="HttpResponseMessage.RequestMessage"/> is the request sent.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string relativeUri, string accept, HttpContent? content, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(_baseUri, relativeUri))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (_authorize is not null)
        {
            await _authorize(request, cancellationToken).ConfigureAwait(false);
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.RequestMessage ??= request;
        return response;
    }
}
