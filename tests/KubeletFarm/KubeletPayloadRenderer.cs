using System.Text;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// Renders a node's <c>/metrics/resource</c> body byte for byte as a kubelet (1.29+) does through client_golang's
/// text encoder: families in name order with HELP/TYPE, samples sorted by label values, labels in name order,
/// Go shortest floats, millisecond timestamps. Writes into a caller-owned pooled buffer; allocates nothing per render.
/// </summary>
internal sealed class KubeletPayloadRenderer
{
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
            BeginSample(output, "container_cpu_usage_seconds_total"u8, container.LabelSet);
            AppendCpuSeconds(output, state.Cpu.ValueAt(at), variant);
            EndSample(output, at);
        }
    }

    private static void WriteContainerMemory(SimulatedContainer[] containers, long nowUnixMs, PooledByteBuffer output, PayloadVariant variant)
    {
        output.Append(KubeletFamilies.ContainerMemoryHeader);
        foreach (var container in containers)
        {
            var state = container.State;
            BeginSample(output, "container_memory_working_set_bytes"u8, container.LabelSet);
            AppendBytes(output, state.MemoryBytes, variant);
            EndSample(output, SimulatedContainer.SampleTime(state, container.SampleLagMs, nowUnixMs));
        }
    }

    private void WriteContainerStartTimes(SimulatedContainer[] containers, PooledByteBuffer output)
    {
        output.Append(KubeletFamilies.ContainerStartTimeHeader);
        foreach (var container in containers)
        {
            var state = container.State;
            BeginSample(output, "container_start_time_seconds"u8, container.LabelSet);
            output.Append(state.StartTimeText);
            EndSample(output, Format.StartTimeWithTimestamp ? state.StartUnixMs : null);
        }
    }

    private static void WriteContainerSwap(SimulatedContainer[] containers, long nowUnixMs, PooledByteBuffer output)
    {
        output.Append(KubeletFamilies.ContainerSwapHeader);
        foreach (var container in containers)
        {
            BeginSample(output, "container_swap_usage_bytes"u8, container.LabelSet);
            output.Append((byte)'0');
            EndSample(output, SimulatedContainer.SampleTime(container.State, container.SampleLagMs, nowUnixMs));
        }
    }

    private void WriteNode(NodeWorkload workload, long nowUnixMs, PooledByteBuffer output, PayloadVariant variant)
    {
        var node = workload.Node;
        var at = Math.Max(nowUnixMs - workload.NodeSampleLagMs, node.Cpu.AnchorUnixMs);
        output.Append(KubeletFamilies.NodeCpuHeader);
        BeginSample(output, "node_cpu_usage_seconds_total"u8, []);
        AppendCpuSeconds(output, node.Cpu.ValueAt(at), variant);
        EndSample(output, at);
        output.Append(KubeletFamilies.NodeMemoryHeader);
        BeginSample(output, "node_memory_working_set_bytes"u8, []);
        AppendBytes(output, node.MemoryBytes, variant);
        EndSample(output, at);
        if (Format.IncludeSwap)
        {
            output.Append(KubeletFamilies.NodeSwapHeader);
            BeginSample(output, "node_swap_usage_bytes"u8, []);
            output.Append((byte)'0');
            EndSample(output, at);
        }
    }

    private void WritePods(SimulatedPod[] pods, long nowUnixMs, PooledByteBuffer output, PayloadVariant variant)
    {
        output.Append(KubeletFamilies.PodCpuHeader);
        foreach (var pod in pods)
        {
            var at = pod.SampleTime(nowUnixMs);
            BeginSample(output, "pod_cpu_usage_seconds_total"u8, pod.LabelSet);
            AppendCpuSeconds(output, pod.Aggregate.Cpu.ValueAt(at), variant);
            EndSample(output, at);
        }

        output.Append(KubeletFamilies.PodMemoryHeader);
        foreach (var pod in pods)
        {
            BeginSample(output, "pod_memory_working_set_bytes"u8, pod.LabelSet);
            AppendBytes(output, pod.Aggregate.MemoryBytes, variant);
            EndSample(output, pod.SampleTime(nowUnixMs));
        }

        if (Format.IncludeSwap)
        {
            output.Append(KubeletFamilies.PodSwapHeader);
            foreach (var pod in pods)
            {
                BeginSample(output, "pod_swap_usage_bytes"u8, pod.LabelSet);
                output.Append((byte)'0');
                EndSample(output, pod.SampleTime(nowUnixMs));
            }
        }
    }

    private static void AppendCpuSeconds(PooledByteBuffer output, long nanoseconds, PayloadVariant variant)
    {
        if (!AppendFaultedValue(output, variant))
        {
            output.AppendGoSecondsFromNanoseconds(nanoseconds);
        }
    }

    private static void AppendBytes(PooledByteBuffer output, long bytes, PayloadVariant variant)
    {
        if (!AppendFaultedValue(output, variant))
        {
            output.AppendGoInteger(bytes);
        }
    }

    private static bool AppendFaultedValue(PooledByteBuffer output, PayloadVariant variant)
    {
        switch (variant)
        {
            case PayloadVariant.ZeroValues:
                output.Append((byte)'0');
                return true;
            case PayloadVariant.NotANumber:
                output.Append("NaN"u8);
                return true;
            default:
                return false;
        }
    }

    private static void BeginSample(PooledByteBuffer output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels)
    {
        output.Append(name);
        output.Append(labels);
        output.Append((byte)' ');
    }

    private static void EndSample(PooledByteBuffer output, long? timestampMs)
    {
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
