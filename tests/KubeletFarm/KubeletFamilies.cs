namespace MetricsOperator.KubeletFarm;

/// <summary>
/// HELP and TYPE lines of the kubelet's resource metrics as component-base renders them: the stability level in
/// brackets before the help text (kubelet 1.29+: CPU, memory, start time and scrape error are STABLE, swap ALPHA).
/// </summary>
internal static class KubeletFamilies
{
    public static ReadOnlySpan<byte> ContainerCpuHeader =>
        "# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds\n# TYPE container_cpu_usage_seconds_total counter\n"u8;

    public static ReadOnlySpan<byte> ContainerMemoryHeader =>
        "# HELP container_memory_working_set_bytes [STABLE] Current working set of the container in bytes\n# TYPE container_memory_working_set_bytes gauge\n"u8;

    public static ReadOnlySpan<byte> ContainerStartTimeHeader =>
        "# HELP container_start_time_seconds [STABLE] Start time of the container since unix epoch in seconds\n# TYPE container_start_time_seconds gauge\n"u8;

    public static ReadOnlySpan<byte> ContainerSwapHeader =>
        "# HELP container_swap_usage_bytes [ALPHA] Current amount of the container swap usage in bytes. Reported only on non-windows systems\n# TYPE container_swap_usage_bytes gauge\n"u8;

    public static ReadOnlySpan<byte> NodeCpuHeader =>
        "# HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the node in core-seconds\n# TYPE node_cpu_usage_seconds_total counter\n"u8;

    public static ReadOnlySpan<byte> NodeMemoryHeader =>
        "# HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes\n# TYPE node_memory_working_set_bytes gauge\n"u8;

    public static ReadOnlySpan<byte> NodeSwapHeader =>
        "# HELP node_swap_usage_bytes [ALPHA] Current swap usage of the node in bytes. Reported only on non-windows systems\n# TYPE node_swap_usage_bytes gauge\n"u8;

    public static ReadOnlySpan<byte> PodCpuHeader =>
        "# HELP pod_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the pod in core-seconds\n# TYPE pod_cpu_usage_seconds_total counter\n"u8;

    public static ReadOnlySpan<byte> PodMemoryHeader =>
        "# HELP pod_memory_working_set_bytes [STABLE] Current working set of the pod in bytes\n# TYPE pod_memory_working_set_bytes gauge\n"u8;

    public static ReadOnlySpan<byte> PodSwapHeader =>
        "# HELP pod_swap_usage_bytes [ALPHA] Current amount of the pod swap usage in bytes. Reported only on non-windows systems\n# TYPE pod_swap_usage_bytes gauge\n"u8;

    public static ReadOnlySpan<byte> ScrapeErrorHeader =>
        "# HELP resource_scrape_error [STABLE] 1 if there was an error while getting container metrics, 0 otherwise\n# TYPE resource_scrape_error gauge\n"u8;
}
