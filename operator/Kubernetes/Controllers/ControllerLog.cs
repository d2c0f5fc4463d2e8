namespace MetricsOperator.Kubernetes.Controllers;

/// <summary>Source-generated log messages of the controllers.</summary>
internal static partial class ControllerLog
{
    [LoggerMessage(1301, LogLevel.Information, "Starting controller {Controller} with {Workers} workers")]
    public static partial void Starting(ILogger logger, string controller, int workers);

    [LoggerMessage(1302, LogLevel.Information, "Stopped controller {Controller}")]
    public static partial void Stopped(ILogger logger, string controller);

    [LoggerMessage(1303, LogLevel.Error, "Controller {Controller} failed to reconcile {Key} (attempt {Attempt}); retrying in backoff")]
    public static partial void ReconcileFailed(ILogger logger, string controller, string key, int attempt, Exception error);

    [LoggerMessage(1304, LogLevel.Debug, "Controller {Controller} reconciled {Key} in {Elapsed}; next look in {RequeueAfter}")]
    public static partial void Reconciled(ILogger logger, string controller, string key, TimeSpan elapsed, TimeSpan? requeueAfter);

    [LoggerMessage(1305, LogLevel.Information, "Controller {Controller} interrupted reconciling {Key}; it will run again")]
    public static partial void Interrupted(ILogger logger, string controller, string key);
}
