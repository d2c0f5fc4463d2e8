namespace MetricsOperator.Serving.Authentication;

/// <summary>Source-generated log messages of authentication.</summary>
internal static partial class AuthenticationLog
{
    [LoggerMessage(4101, LogLevel.Warning, "Unable to authenticate the request to {Path}: {Reasons}")]
    public static partial void Unauthenticated(ILogger logger, string path, string reasons);

    [LoggerMessage(4102, LogLevel.Warning, "TokenReview failed ({Reason}); the request is refused and the answer not cached")]
    public static partial void TokenReviewFailed(ILogger logger, string reason, Exception error);

    [LoggerMessage(4103, LogLevel.Information, "Authentication configuration from {Origin} in force: {Description}")]
    public static partial void ConfigLoaded(ILogger logger, string origin, string description);

    [LoggerMessage(4104, LogLevel.Error, "Refused the authentication configuration from {Origin}, keeping the previous one: {Problem}")]
    public static partial void ConfigRefused(ILogger logger, string origin, string problem);

    [LoggerMessage(4105, LogLevel.Warning, "ConfigMap {Namespace}/{Name} does not exist: no client or front-proxy CA is trusted until it does")]
    public static partial void ConfigMapMissing(ILogger logger, string @namespace, string name);

    [LoggerMessage(4106, LogLevel.Debug, "Rejected a client certificate at the TLS handshake: {Reason}")]
    public static partial void HandshakeRejected(ILogger logger, string reason);
}
