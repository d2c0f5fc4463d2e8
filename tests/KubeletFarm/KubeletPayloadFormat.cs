namespace MetricsOperator.KubeletFarm;

/// <summary>Which kubelet generation's <c>/metrics/resource</c> layout to imitate. The defaults are kubelet 1.29 and later.</summary>
internal sealed record KubeletPayloadFormat
{
    public static readonly KubeletPayloadFormat Current = new();

    /// <summary>Render the swap families (every Linux kubelet since 1.29 does, with 0 when swap is off).</summary>
    public bool IncludeSwap { get; init; } = true;

    /// <summary>
    /// Stamp <c>container_start_time_seconds</c> with the start time itself, as kubelets 1.22–1.28 did
    /// (kubernetes/kubernetes#120518 dropped the timestamp in 1.29).
    /// </summary>
    public bool StartTimeWithTimestamp { get; init; }
}
