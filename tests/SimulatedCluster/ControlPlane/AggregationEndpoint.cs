using MetricsOperator.SimulatedCluster.Aggregation;
using MetricsOperator.SimulatedCluster.Rest;
using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>Hooks kube-aggregator's proxy into the request pipeline, after authentication and authorization.</summary>
internal sealed class AggregationEndpoint : IApiProxy
{
    private readonly AggregationProxy _proxy;

    public AggregationEndpoint(AggregationProxy proxy) => _proxy = proxy;

    public async ValueTask<bool> TryProxyAsync(HttpContext context, UserIdentity user, RequestAttributes attributes)
    {
        if (!_proxy.Handles(context.Request.Path.Value ?? "", out var apiService))
        {
            return false;
        }

        await _proxy.ProxyAsync(context, user, apiService);
        return true;
    }
}
