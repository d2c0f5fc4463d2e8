namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>The front-proxy (request header) authentication headers, as kube-apiserver configures them.</summary>
internal static class RequestHeaderNames
{
    public const string User = "X-Remote-User";
    public const string Group = "X-Remote-Group";
    public const string ExtraPrefix = "X-Remote-Extra-";

    /// <summary>Every header an incoming request must not be allowed to smuggle through the aggregator.</summary>
    public static bool IsRequestHeader(string name) =>
        name.StartsWith("X-Remote-", StringComparison.OrdinalIgnoreCase);
}
