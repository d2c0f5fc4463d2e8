namespace MetricsOperator.Serving.Authorization;

/// <summary>Source-generated log messages of authorization.</summary>
internal static partial class AuthorizationLog
{
    [LoggerMessage(4201, LogLevel.Debug, "Forbidden: {Message}")]
    public static partial void Forbidden(ILogger logger, string message);

    [LoggerMessage(4202, LogLevel.Error, "Could not authorize {Verb} {Path} for user {User}; refusing the request")]
    public static partial void ReviewFailed(ILogger logger, string verb, string path, string user, Exception error);

    [LoggerMessage(4203, LogLevel.Error, "A request to {Path} reached authorization without an authenticated user; is UseKubernetesAuthentication missing?")]
    public static partial void NoUser(ILogger logger, string path);
}
