namespace MetricsOperator.Kubernetes.Informers;

/// <summary>Source-generated log messages of the informers and their caches.</summary>
internal static partial class InformerLog
{
    [LoggerMessage(1101, LogLevel.Debug, "Starting the {Resource} informer")]
    public static partial void Starting(ILogger logger, string resource);

    [LoggerMessage(1102, LogLevel.Information, "Listed {Count} {Resource} at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, int count, string resource, string resourceVersion);

    [LoggerMessage(1103, LogLevel.Information, "The {Resource} informer has synced")]
    public static partial void Synced(ILogger logger, string resource);

    [LoggerMessage(1104, LogLevel.Warning, "Listing {Resource} failed; retrying in {Delay}")]
    public static partial void ListFailed(ILogger logger, string resource, TimeSpan delay, Exception error);

    [LoggerMessage(1105, LogLevel.Information, "The continue token for {Resource} expired during a paged list; listing again in one request")]
    public static partial void ContinueExpired(ILogger logger, string resource);

    [LoggerMessage(1106, LogLevel.Information, "The {Resource} watch from resourceVersion {ResourceVersion} expired ({Status}); relisting")]
    public static partial void WatchExpired(ILogger logger, string resource, string resourceVersion, string status);

    [LoggerMessage(1107, LogLevel.Warning, "The {Resource} watch from resourceVersion {ResourceVersion} reported an error: {Status}")]
    public static partial void WatchErrorEvent(ILogger logger, string resource, string resourceVersion, string status);

    [LoggerMessage(1108, LogLevel.Warning, "The {Resource} watch from resourceVersion {ResourceVersion} failed")]
    public static partial void WatchFailed(ILogger logger, string resource, string resourceVersion, Exception error);

    [LoggerMessage(1109, LogLevel.Information, "The {Resource} watch was silent for {Period}; restarting it from resourceVersion {ResourceVersion}")]
    public static partial void WatchdogExpired(ILogger logger, string resource, TimeSpan period, string resourceVersion);

    [LoggerMessage(1110, LogLevel.Warning, "The {Resource} watch closed after {Elapsed} without any event")]
    public static partial void WatchClosedEarly(ILogger logger, string resource, TimeSpan elapsed);

    [LoggerMessage(1111, LogLevel.Debug, "The {Resource} watch closed after {Count} events; resuming from resourceVersion {ResourceVersion}")]
    public static partial void WatchClosed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(1112, LogLevel.Debug, "Retrying the {Resource} informer in {Delay}")]
    public static partial void Retrying(ILogger logger, string resource, TimeSpan delay);

    [LoggerMessage(1113, LogLevel.Warning, "Skipped a {Resource} object without metadata.name in a {Origin}")]
    public static partial void SkippedNameless(ILogger logger, string resource, string origin);

    [LoggerMessage(1114, LogLevel.Error, "A watch-error subscriber of the {Resource} informer failed")]
    public static partial void WatchErrorSubscriberFailed(ILogger logger, string resource, Exception error);

    [LoggerMessage(1115, LogLevel.Debug, "Stopped the {Resource} informer")]
    public static partial void Stopped(ILogger logger, string resource);

    [LoggerMessage(1120, LogLevel.Error, "An informer event handler failed on {Change} of {Key}")]
    public static partial void HandlerFailed(ILogger logger, InformerChangeKind change, string key, Exception error);
}
