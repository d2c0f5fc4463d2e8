using System.Text;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// Renders a node's <c>/metrics/resource</c> body byte for byte as a kubelet (1.29+) does through client_golang's
/// text encoder: families in name order with HELP/TYPE, samples sorted by label values, labels in name order,
/// Go shortest floats, millisecond timestamps. Writes into a caller-owned pooled buffer; allocates nothing per render.
/// </summary>
internal sealed class KubeletPayloadRenderer
{
    private const double NanosecondsPerSecond = 1e9;

    public KubeletPayloadRenderer(KubeletPayloadFormat? format = null) => Format = format ?? KubeletPayloadFormat.Current;

    public KubeletPayloadFormat Format { get; }

    /// <summary>Renders <paramref name="node"/> as of its clock's current time.</summary>
    public void Render(SimulatedNode node, PooledByteBuffer output, PayloadVariant variant = PayloadVariant.Normal)
    {
        ArgumentNullException.ThrowIfNull(node);
        Render(node.Workload, node.Time.GetUtcNow().ToUnixTimeMilliseconds(), output, variant);
    }

    /// <summary>Convenience for tests and tools: the rendered body as a string.</summary>
    public string RenderToString(SimulatedNode node, PayloadVariant variant = PayloadVariant.Normal)
    {
        using var buffer = new PooledByteBuffer(64 * 1024);
        Render(node, buffer, variant);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A valid body padded with comment lines to exactly <paramref name="totalBytes"/> (or the body alone when larger).</summary>
    public void RenderPadded(SimulatedNode node, int totalBytes, PooledByteBuffer output)
    {
        Render(node, output);
        var missing = totalBytes - output.Length;
        const int LineLength = 128;
        while (missing > 0)
        {
            var line = Math.Min(missing, LineLength);
            var span = output.GetSpan(line);
            if (line == 1)
            {
                span[0] = (byte)'\n'; // a blank line is ignored by the text format
            }
            else
            {
                span[0] = (byte)'#';
                span[1..(line - 1)].Fill((byte)' ');
                span[line - 1] = (byte)'\n';
            }

            output.Advance(line);
            missing -= line;
        }
    }

    internal void Render(NodeWorkload workload, long nowUnixMs, PooledByteBuffer output, PayloadVariant variant)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(output);
        var view = workload.View;
        var containers = view.ContainersInSampleOrder;
        if (containers.Length > 0)
        {
            WriteContainerCpu(containers, nowUnixMs, output, variant);
            WriteContainerMemory(containers, nowUnixMs, output, variant);
            WriteContainerStartTimes(containers, output);
            if (Format.IncludeSwap)
            {
                WriteContainerSwap(containers, nowUnixMs, output);
            }
        }

        WriteNode(workload, nowUnixMs, output, variant);
        if (view.PodsInSampleOrder.Length > 0)
        {
            WritePods(view.PodsInSampleOrder, nowUnixMs, output, variant);
        }

        output.Append(KubeletFamilies.ScrapeErrorHeader);
        output.Append("resource_scrape_error 0\n"u8);
        if (variant == PayloadVariant.Malformed)
        {
            UnbalanceFirstSample(output);
        }
    }

    private static void WriteContainerCpu(SimulatedContainer[] containers, long nowUnixMs, PooledByteBuffer output, PayloadVariant variant)
    {
        output.Append(KubeletFamilies.ContainerCpuHeader);
        foreach (var container in containers)
        {
            var state = container.State;
            var at = SimulatedContainer.SampleTime(state, container.SampleLagMs, nowUnixMs);
            var seconds = state.Cpu.ValueAt(at) / NanosecondsPerSecond;
            WriteSample(output, "container_cpu_usage_seconds_total"u8, container.LabelSet, Faulted(seconds, variant), at);
        }
    }

    private static void WriteContainerMemory(SimulatedContainer[] containers, long nowUnixMs, PooledByteBuffer output, PayloadVariant variant)
    {
        output.Append(KubeletFamilies.ContainerMemoryHeader);
        foreach (var container in containers)
        {
            var state = container.State;
            var at = SimulatedContainer.SampleTime(state, container.SampleLagMs, nowUnixMs);
            WriteSample(output, "container_memory_working_set_bytes"u8, container.LabelSet, Faulted(state.MemoryBytes, variant), at);
        }
    }

    private void WriteContainerStartTimes(SimulatedContainer[] containers, PooledByteBuffer output)
    {
        output.Append(KubeletFamilies.ContainerStartTimeHeader);
        foreach (var container in containers)
        {
            var startMs = container.State.StartUnixMs;
            // The kubelet divides the start time in nanoseconds by 1e9 in float64; doing the same keeps every bit.
            var seconds = startMs * 1_000_000L / NanosecondsPerSecond;
            WriteSample(output, "container_start_time_seconds"u8, container.LabelSet, seconds, Format.StartTimeWithTimestamp ? startMs : null);
        }
    }

    private static void WriteContainerSwap(SimulatedContainer[] containers, long nowUnixMs, PooledByteBuffer output)
    {
        output.Append(KubeletFamilies.ContainerSwapHeader);
        foreach (var container in containers)
        {
            var at = SimulatedContainer.SampleTime(container.State, container.SampleLagMs, nowUnixMs);
            WriteSample(output, "container_swap_usage_bytes"u8, container.LabelSet, 0, at);
        }
    }

    private void WriteNode(NodeWorkload workload, long nowUnixMs, PooledByteBuffer output, PayloadVariant variant)
    {
        var node = workload.Node;
        var at = Math.Max(nowUnixMs - workload.NodeSampleLagMs, node.Cpu.AnchorUnixMs);
        output.Append(KubeletFamilies.NodeCpuHeader);
        WriteSample(output, "node_cpu_usage_seconds_total"u8, [], Faulted(node.Cpu.ValueAt(at) / NanosecondsPerSecond, variant), at);
        output.Append(KubeletFamilies.NodeMemoryHeader);
        WriteSample(output, "node_memory_working_set_bytes"u8, [], Faulted(node.MemoryBytes, variant), at);
        if (Format.IncludeSwap)
        {
            output.Append(KubeletFamilies.NodeSwapHeader);
            WriteSample(output, "node_swap_usage_bytes"u8, [], 0, at);
        }
    }

    private void WritePods(SimulatedPod[] pods, long nowUnixMs, PooledByteBuffer output, PayloadVariant variant)
    {
        output.Append(KubeletFamilies.PodCpuHeader);
        foreach (var pod in pods)
        {
            var at = pod.SampleTime(nowUnixMs);
            WriteSample(output, "pod_cpu_usage_seconds_total"u8, pod.LabelSet, Faulted(pod.Aggregate.Cpu.ValueAt(at) / NanosecondsPerSecond, variant), at);
        }

        output.Append(KubeletFamilies.PodMemoryHeader);
        foreach (var pod in pods)
        {
            WriteSample(output, "pod_memory_working_set_bytes"u8, pod.LabelSet, Faulted(pod.Aggregate.MemoryBytes, variant), pod.SampleTime(nowUnixMs));
        }

        if (Format.IncludeSwap)
        {
            output.Append(KubeletFamilies.PodSwapHeader);
            foreach (var pod in pods)
            {
                WriteSample(output, "pod_swap_usage_bytes"u8, pod.LabelSet, 0, pod.SampleTime(nowUnixMs));
            }
        }
    }

    private static double Faulted(double value, PayloadVariant variant) => variant switch
    {
        PayloadVariant.ZeroValues => 0,
        PayloadVariant.NotANumber => double.NaN,
        _ => value,
    };

    private static void WriteSample(PooledByteBuffer output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, double value, long? timestampMs)
    {
        output.Append(name);
        output.Append(labels);
        output.Append((byte)' ');
        output.AppendGoFloat(value);
        if (timestampMs is { } timestamp)
        {
            output.Append((byte)' ');
            output.AppendInteger(timestamp);
        }

        output.Append((byte)'\n');
    }

    /// <summary>Breaks the first sample line (line 3, after HELP and TYPE) so any text-format parser must reject it there.</summary>
    private static void UnbalanceFirstSample(PooledByteBuffer output)
    {
        var text = output.WrittenSpan;
        var lineStart = 0;
        for (var skipped = 0; skipped < 2; skipped++)
        {
            lineStart += text[lineStart..].IndexOf((byte)'\n') + 1;
        }

        var line = text[lineStart..];
        line = line[..line.IndexOf((byte)'\n')];
        var brace = line.IndexOf((byte)'}');
        if (brace >= 0)
        {
            output.RemoveAt(lineStart + brace);
        }
        else
        {
            output.InsertAt(lineStart + line.IndexOf((byte)' '), (byte)'{');
        }
    }
}
