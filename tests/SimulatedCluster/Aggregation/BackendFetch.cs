using System.Net.Sockets;
using System.Security.Authentication;
using k8s.Models;
using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.SimulatedCluster.Aggregation;

/// <summary>A buffered answer from an aggregated backend.</summary>
internal sealed record BackendResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);

/// <summary>
/// A GET the aggregator makes on its own behalf (discovery, OpenAPI) to an APIService's backend, reached as a proxied
/// request is: the same resolution, TLS verification and front-proxy client certificate, as
/// <c>system:kube-aggregator</c>. Unresolvable or unreachable backends and timeouts give null.
/// </summary>
internal sealed class BackendFetch
{
    private static readonly UserIdentity Aggregator = new("system:kube-aggregator", [SystemGroups.Authenticated]);

    private readonly BackendResolver _resolver;
    private readonly ClusterAuthorities _authorities;
    private readonly TimeSpan _timeout;

    public BackendFetch(BackendResolver resolver, ClusterAuthorities authorities, TimeSpan timeout)
    {
        _resolver = resolver;
        _authorities = authorities;
        _timeout = timeout;
    }

    public async Task<BackendResponse?> GetAsync(V1APIService apiService, string pathAndQuery, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apiService);
        var backend = _resolver.Resolve(apiService);
        if (!backend.Resolved)
        {
            return null;
        }

        var policy = new BackendTlsPolicy(apiService.Spec.CaBundle, apiService.Spec.InsecureSkipTLSVerify == true, backend.ServerName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            var request = new BackendRequest("GET", pathAndQuery, [.. AggregationProxy.ForwardedHeaders(new HeaderDictionary(), Aggregator), .. headers], null);
            var exchange = await BackendExchange.SendAsync(backend.BaseAddress!, policy, _authorities.FrontProxyClientCertificate, request, timeout.Token).ConfigureAwait(false);
            await using (exchange.ConfigureAwait(false))
            {
                using var body = new MemoryStream();
                await exchange.CopyBodyToAsync(body, timeout.Token).ConfigureAwait(false);
                return new BackendResponse(exchange.StatusCode, exchange.Headers, body.ToArray());
            }
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or InvalidDataException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
