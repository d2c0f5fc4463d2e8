namespace MetricsOperator.Kubernetes.LeaderElection;

/// <summary>Work that only the elected replica does (reconciling); it must stop promptly when its token fires.</summary>
internal interface ILeaderWork
{
    string Name { get; }

    /// <summary>Runs while this replica leads; <paramref name="leadership"/> is cancelled the moment leadership is lost.</summary>
    Task RunAsync(CancellationToken leadership);
}
