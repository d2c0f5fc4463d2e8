namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// A workload of the scrape benchmark and the targets it must meet (performance-anchors §5). Targets that only make
/// sense at the profile's own node count (CPU and RSS per round) are null for a custom node count.
/// </summary>
internal sealed record ScrapeProfile(
    string Name,
    int Nodes,
    int WarmupRounds,
    int MeasuredRounds,
    double? CpuSecondsPerRoundTarget,
    double? CpuSecondsPerRoundStretch,
    double? RssMiBTarget)
{
    public const int PodsPerNode = 30;
    public const int ContainersPerPod = 2;

    /// <summary>T1 and T4 at 1,000 nodes.</summary>
    public static ScrapeProfile W1k { get; } = new("W1k", 1_000, 2, 5, 0.15, null, 150);

    /// <summary>T1 (stretch 0.40 CPU-s) and T4 at 5,000 nodes.</summary>
    public static ScrapeProfile W5k { get; } = new("W5k", 5_000, 2, 3, 0.75, 0.40, 512);

    public int TotalRounds => WarmupRounds + MeasuredRounds;
}
