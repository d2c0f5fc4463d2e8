namespace MetricsOperator.KubeletFarm;

/// <summary>What a container reports; replaced as a whole so a concurrent render never sees half an update.</summary>
internal sealed class ContainerState
{
    public ContainerState(long startUnixMs, LinearCounter cpu, long memoryBytes, int restartCount)
    {
        StartUnixMs = startUnixMs;
        Cpu = cpu;
        MemoryBytes = memoryBytes;
        RestartCount = restartCount;
        Span<byte> text = stackalloc byte[GoFloatFormatter.MaxLength];
        StartTimeText = text[..GoFloatFormatter.Format(startUnixMs * 1_000_000L / 1e9, text)].ToArray();
    }

    public long StartUnixMs { get; }

    public LinearCounter Cpu { get; }

    public long MemoryBytes { get; }

    public int RestartCount { get; }

    /// <summary>
    /// <c>container_start_time_seconds</c>'s value as the kubelet writes it (float64 nanoseconds / 1e9, Go shortest
    /// form). It changes only on restart, so it is formatted once here instead of on every scrape.
    /// </summary>
    public byte[] StartTimeText { get; }
}

/// <summary>
/// One container of a simulated pod. Its CPU counter grows at a known rate from its start time, so the usage the
/// metrics API should report is <see cref="Usage"/> exactly. Mutated only through <see cref="SimulatedNode"/>.
/// </summary>
internal sealed class SimulatedContainer
{
    private ContainerState _state;

    internal SimulatedContainer(SimulatedPod pod, string name, long startUnixMs, ResourceUsage usage, int sampleLagMs)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (usage.NanoCores < 0 || usage.MemoryBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(usage), usage, "container usage must not be negative");
        }

        Pod = pod;
        Name = name;
        SampleLagMs = sampleLagMs;
        LabelSet = LabelSetEncoder.Container(name, pod.Namespace, pod.Name);
        _state = new ContainerState(startUnixMs, new LinearCounter(startUnixMs, 0, usage.NanoCores), usage.MemoryBytes, 0);
    }

    public string Name { get; }

    public SimulatedPod Pod { get; }

    public string Namespace => Pod.Namespace;

    public string PodName => Pod.Name;

    /// <summary>The rate the CPU counter grows at and the working set: what a scraper must compute for this container.</summary>
    public ResourceUsage Usage
    {
        get
        {
            var state = State;
            return new ResourceUsage(state.Cpu.RatePerSecond, state.MemoryBytes);
        }
    }

    public DateTimeOffset StartTime => DateTimeOffset.FromUnixTimeMilliseconds(State.StartUnixMs);

    public int RestartCount => State.RestartCount;

    /// <summary><c>{container="…",namespace="…",pod="…"}</c> in UTF-8.</summary>
    internal byte[] LabelSet { get; }

    /// <summary>How far behind "now" this container's samples are stamped (simulating cAdvisor housekeeping).</summary>
    internal int SampleLagMs { get; }

    internal ContainerState State => Volatile.Read(ref _state);

    /// <summary>The sample time for a render at <paramref name="nowUnixMs"/>: lagging, but never before the container started.</summary>
    internal static long SampleTime(ContainerState state, int lagMs, long nowUnixMs) =>
        Math.Max(nowUnixMs - lagMs, state.StartUnixMs);

    internal void SetUsage(ResourceUsage usage, long nowUnixMs)
    {
        var state = State;
        var at = SampleTime(state, SampleLagMs, nowUnixMs);
        Volatile.Write(ref _state, new ContainerState(state.StartUnixMs, state.Cpu.WithRate(at, usage.NanoCores), usage.MemoryBytes, state.RestartCount));
    }

    /// <summary>
    /// A restart: the start time jumps to now and the CPU counter starts again from 0. A second restart within the
    /// same millisecond still moves the start time (by 1 ms) so every restart is visible to a scraper.
    /// </summary>
    internal void Restart(long nowUnixMs)
    {
        var state = State;
        var startMs = Math.Max(nowUnixMs, state.StartUnixMs + 1);
        Volatile.Write(ref _state, new ContainerState(startMs, new LinearCounter(startMs, 0, state.Cpu.RatePerSecond), state.MemoryBytes, state.RestartCount + 1));
    }
}
