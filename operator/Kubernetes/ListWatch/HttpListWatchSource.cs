using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.Serialization;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// Lists and watches a collection over raw HTTP with the client's credentials, so the Accept header can ask for a
/// lighter representation (PartialObjectMetadata). Works for any resource, custom ones included.
/// </summary>
internal sealed class HttpListWatchSource<T> : IListWatchSource<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly KubernetesApiEndpoint _endpoint;
    private readonly ResourceQuery _query;

    public HttpListWatchSource(KubernetesApiEndpoint endpoint, ResourceQuery query)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(query);
        _endpoint = endpoint;
        _query = query;
    }

    public string ResourceName => _query.ResourceName;

    public async Task<ListPage<T>> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        using var response = await _endpoint.GetAsync(_query.ListUri(request), _query.ListAccept, cancellationToken).ConfigureAwait(false);

        // A page is bounded by the limit; buffering it lets the (synchronous) Kubernetes JSON reader run without blocking on I/O.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var list = KubernetesJsonSerializer.Deserialize<ResourceList<T>>(stream)
                ?? throw new KubernetesApiException($"GET {_query.Path} returned an empty list body");
            return ListPage<T>.From(list);
        }
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await _endpoint.GetAsync(_query.WatchUri(request), _query.WatchAccept, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var watchEvent in WatchStreamReader.ReadAsync<T>(stream, cancellationToken).ConfigureAwait(false))
        {
            yield return watchEvent;
        }
    }
}
