using System.Buffers;
using System.Text.Json;
using MetricsOperator.Scraping;

namespace MetricsOperator.Cli;

/// <summary>
/// Writes a decoded payload in the shape of the reference fixtures' <c>*.expected.json</c> (<c>error</c>, <c>nodes</c>,
/// <c>pods[].containers[]</c>), plus <c>swapUsageBytes</c> when present and the <c>dropped</c> list.
/// </summary>
internal static class InspectJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static void WriteDecoded(IBufferWriter<byte> output, string nodeName, DecodedPayload decoded)
    {
        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        json.WriteBoolean("error", false);

        json.WriteStartArray("nodes");
        if (decoded.HasNode)
        {
            ref readonly var node = ref decoded.Node;
            json.WriteStartObject();
            json.WriteString("name", nodeName);
            WritePoint(json, node.TimestampUnixNano, node.CpuNanoCoreSeconds, node.MemoryWorkingSetBytes);
            WriteSwap(json, node.HasSwap, node.SwapUsageBytes);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("pods");
        foreach (var pod in decoded.Pods)
        {
            json.WriteStartObject();
            json.WriteString("namespace", decoded.Label(pod.Namespace));
            json.WriteString("name", decoded.Label(pod.Name));
            json.WriteStartArray("containers");
            foreach (var container in decoded.ContainersOf(pod))
            {
                WriteContainer(json, decoded, container);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("dropped");
        foreach (var dropped in decoded.Dropped)
        {
            WriteDropped(json, decoded, dropped);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteError(IBufferWriter<byte> output, PayloadDecodeError error)
    {
        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        json.WriteBoolean("error", true);
        json.WriteString("errorMessage", error.ToString());
        json.WriteNumber("errorLine", error.Line);
        json.WriteEndObject();
    }

    private static void WriteContainer(Utf8JsonWriter json, DecodedPayload decoded, in ContainerSample container)
    {
        json.WriteStartObject();
        json.WriteString("name", decoded.Label(container.Name));
        WritePoint(json, container.TimestampUnixNano, container.CpuNanoCoreSeconds, container.MemoryWorkingSetBytes);
        if (container.StartTimeUnixNano == 0)
        {
            json.WriteNull("startTime");
            json.WriteNull("startTimeUnixNano");
        }
        else
        {
            json.WriteString("startTime", InspectTimeFormat.Rfc3339Nano(container.StartTimeUnixNano));
            json.WriteNumber("startTimeUnixNano", container.StartTimeUnixNano);
        }

        WriteSwap(json, container.HasSwap, container.SwapUsageBytes);
        json.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter json, long timestampUnixNano, ulong cpu, ulong memory)
    {
        json.WriteString("timestamp", InspectTimeFormat.Rfc3339Nano(timestampUnixNano));
        json.WriteNumber("timestampUnixMilli", Math.DivRem(timestampUnixNano, 1_000_000).Quotient);
        json.WriteNumber("cumulativeCpuUsageNanoCoreSeconds", cpu);
        json.WriteNumber("memoryWorkingSetBytes", memory);
    }

    private static void WriteSwap(Utf8JsonWriter json, bool hasSwap, ulong swap)
    {
        if (hasSwap)
        {
            json.WriteNumber("swapUsageBytes", swap);
        }
    }

    private static void WriteDropped(Utf8JsonWriter json, DecodedPayload decoded, in DroppedEntry dropped)
    {
        json.WriteStartObject();
        json.WriteString("kind", InspectNames.Of(dropped.Kind));
        WriteLabelOrNull(json, "namespace", decoded.Label(dropped.Namespace));
        WriteLabelOrNull(json, "pod", decoded.Label(dropped.Pod));
        WriteLabelOrNull(json, "container", decoded.Label(dropped.Container));
        json.WriteString("reason", InspectNames.Of(dropped.Reason));
        json.WriteNumber("line", dropped.Line);
        json.WriteEndObject();
    }

    private static void WriteLabelOrNull(Utf8JsonWriter json, string name, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
