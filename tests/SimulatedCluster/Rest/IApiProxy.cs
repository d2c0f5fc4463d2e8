using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.SimulatedCluster.Rest;

/// <summary>
/// The aggregation layer's hook into the request pipeline: after authentication and authorization, a request for a
/// group/version registered by an APIService (and not served locally) is proxied to its backend.
/// </summary>
internal interface IApiProxy
{
    /// <summary>True when the request was proxied (the response is written); false to serve it locally.</summary>
    ValueTask<bool> TryProxyAsync(HttpContext context, UserIdentity user, RequestAttributes attributes);
}
