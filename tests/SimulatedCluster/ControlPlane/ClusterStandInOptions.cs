using System.Net;
using MetricsOperator.SimulatedCluster.Aggregation;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>How the assembled stand-in runs. Validated when it starts.</summary>
internal sealed record ClusterStandInOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks an ephemeral port.</summary>
    public int Port { get; init; }

    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(30);

    public AvailabilityOptions Availability { get; init; } = new();

    /// <summary>How long an aggregated API's discovery answer is reused in aggregated discovery.</summary>
    public TimeSpan RemoteDiscoveryCache { get; init; } = TimeSpan.FromSeconds(10);

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
