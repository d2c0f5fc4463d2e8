namespace MetricsOperator.Kubernetes.LeaderElection;

/// <summary>Source-generated log messages of leader election.</summary>
internal static partial class LeaderElectionLog
{
    [LoggerMessage(1401, LogLevel.Information, "{Identity} is campaigning for lease {Namespace}/{Lease}")]
    public static partial void Campaigning(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(1402, LogLevel.Information, "{Identity} became the leader; starting {Count} leader-only tasks")]
    public static partial void StartedLeading(ILogger logger, string identity, int count);

    [LoggerMessage(1403, LogLevel.Warning, "{Identity} stopped leading; leader-only work is cancelled and the replica campaigns again")]
    public static partial void StoppedLeading(ILogger logger, string identity);

    [LoggerMessage(1404, LogLevel.Information, "The leader is now {Leader}")]
    public static partial void NewLeader(ILogger logger, string leader);

    [LoggerMessage(1405, LogLevel.Warning, "Leader election error")]
    public static partial void ElectionError(ILogger logger, Exception error);

    [LoggerMessage(1406, LogLevel.Error, "Leader-only task {Work} failed; it runs again after the next election")]
    public static partial void WorkFailed(ILogger logger, string work, Exception error);

    [LoggerMessage(1407, LogLevel.Information, "{Identity} released lease {Namespace}/{Lease}")]
    public static partial void Released(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(1408, LogLevel.Warning, "{Identity} could not release lease {Namespace}/{Lease}; the others wait for it to expire")]
    public static partial void ReleaseFailed(ILogger logger, string identity, string @namespace, string lease, Exception error);
}
