namespace MetricsOperator.SimulatedCluster.Aggregation;

/// <summary>The aggregation layer's log messages.</summary>
internal static partial class AggregationLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Proxying {Method} {Path} to APIService {ApiService} failed: {Error}")]
    public static partial void ProxyFailed(ILogger logger, string method, string path, string apiService, string error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "APIService {ApiService} Available={Status} ({Reason}): {Message}")]
    public static partial void AvailabilityChanged(ILogger logger, string apiService, string status, string reason, string message);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The APIService availability pass failed")]
    public static partial void PassFailed(ILogger logger, Exception exception);
}
