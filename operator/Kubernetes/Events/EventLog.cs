namespace MetricsOperator.Kubernetes.Events;

/// <summary>Source-generated log messages of the event recorder.</summary>
internal static partial class EventLog
{
    [LoggerMessage(1501, LogLevel.Warning, "Dropped event {Reason} about {Kind} {Name}: the event buffer is full")]
    public static partial void Dropped(ILogger logger, string reason, string kind, string name);

    [LoggerMessage(1502, LogLevel.Warning, "Could not write event {Reason} about {Kind} {Name}")]
    public static partial void WriteFailed(ILogger logger, string reason, string kind, string name, Exception error);

    [LoggerMessage(1503, LogLevel.Warning, "Refused event about {Kind} {Name}: {Problem}")]
    public static partial void Refused(ILogger logger, string kind, string name, string problem);
}
