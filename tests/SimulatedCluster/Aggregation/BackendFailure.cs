using System.Globalization;
using System.Security.Authentication;

namespace MetricsOperator.SimulatedCluster.Aggregation;

/// <summary>Words a failed backend exchange as Go's url.Error does: <c>Get "https://…": cause</c>.</summary>
internal static class BackendFailure
{
    public static string Describe(string method, Uri url, BackendTlsPolicy policy, Exception error)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(error);
        var cause = error switch
        {
            AuthenticationException when policy.LastFailure is { } tls => "tls: failed to verify certificate: " + tls,
            OperationCanceledException => "context deadline exceeded",
            _ => error.GetBaseException().Message,
        };
        var op = method.Length == 0 ? method : char.ToUpper(method[0], CultureInfo.InvariantCulture) + method[1..].ToLowerInvariant();
        return $"{op} \"{url}\": {cause}";
    }
}
