
namespace MetricsOperator.Serving.Api;

internal static partial class MetricsApiLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Answering {Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string method, string path, Exception error);
}
