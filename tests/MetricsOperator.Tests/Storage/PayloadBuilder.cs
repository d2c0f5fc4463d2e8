using System.Text;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Storage;

/// <summary>Builds <see cref="DecodedPayload"/>s through the decoder's own builder methods, in the units of the Go storage tests.</summary>
internal sealed class PayloadBuilder
{
    /// <summary>T0 of the shared sequence fixtures (2021-10-03T09:18:32Z).</summary>
    public static readonly DateTimeOffset T0 = new(2021, 10, 3, 9, 18, 32, TimeSpan.Zero);

    public const ulong MiB = 1024 * 1024;

    private readonly DecodedPayload _payload = new();

    public PayloadBuilder()
    {
        _payload.Reset();
    }

    public static ulong CoreSeconds(double seconds) => (ulong)(seconds * 1e9);

    public static long UnixNano(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * TimeSpan.NanosecondsPerTick;

    public static long At(double secondsAfterT0) => UnixNano(T0) + (long)(secondsAfterT0 * 1e9);

    public PayloadBuilder Node(long timestampUnixNano, ulong cpuNanoCoreSeconds, ulong memoryBytes, ulong? swapBytes = null)
    {
        _payload.SetNode(new NodeSample
        {
            TimestampUnixNano = timestampUnixNano,
            CpuNanoCoreSeconds = cpuNanoCoreSeconds,
            MemoryWorkingSetBytes = memoryBytes,
            SwapUsageBytes = swapBytes ?? 0,
            HasSwap = swapBytes.HasValue,
        });
        return this;
    }

    public PayloadBuilder Pod(string podNamespace, string name, params ContainerPoint[] containers)
    {
        var first = -1;
        foreach (var container in containers)
        {
            var index = _payload.AddContainer(new ContainerSample
            {
                Name = _payload.AppendLabel(Encoding.UTF8.GetBytes(container.Name)),
                TimestampUnixNano = container.TimestampUnixNano,
                StartTimeUnixNano = container.StartUnixNano,
                CpuNanoCoreSeconds = container.CpuNanoCoreSeconds,
                MemoryWorkingSetBytes = container.MemoryBytes,
                SwapUsageBytes = container.SwapBytes ?? 0,
                HasSwap = container.SwapBytes.HasValue,
            });
            first = first < 0 ? index : first;
        }

        _payload.AddPod(new PodSample
        {
            Namespace = _payload.AppendLabel(Encoding.UTF8.GetBytes(podNamespace)),
            Name = _payload.AppendLabel(Encoding.UTF8.GetBytes(name)),
            FirstContainer = Math.Max(first, 0),
            ContainerCount = containers.Length,
        });
        return this;
    }

    public DecodedPayload Build() => _payload;
}

/// <summary>One container sample; <see cref="StartUnixNano"/> 0 means the kubelet sent no start time.</summary>
internal sealed record ContainerPoint(string Name, long TimestampUnixNano, long StartUnixNano, ulong CpuNanoCoreSeconds, ulong MemoryBytes, ulong? SwapBytes = null);
