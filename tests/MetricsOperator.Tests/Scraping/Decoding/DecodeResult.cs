using System.Text;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary>A decoded payload copied into plain records, so tests can compare whole results.</summary>
internal sealed record DecodeResult(bool Ok, PayloadDecodeError Error, NodeSample? Node, IReadOnlyList<PodView> Pods, IReadOnlyList<DropView> Dropped)
{
    public const long DefaultTimestampUnixNano = 7_000_000_000;

    public static DecodeResult Of(string text, long defaultTimestampUnixNano = DefaultTimestampUnixNano) =>
        Of(Encoding.UTF8.GetBytes(text), defaultTimestampUnixNano);

    public static DecodeResult Of(byte[] payload, long defaultTimestampUnixNano = DefaultTimestampUnixNano)
    {
        var decoded = new DecodedPayload();
        var ok = new KubeletPayloadDecoder().TryDecode(payload, defaultTimestampUnixNano, decoded, out var error);
        return From(ok, error, decoded);
    }

    public static DecodeResult From(bool ok, PayloadDecodeError error, DecodedPayload decoded)
    {
        var pods = new List<PodView>();
        foreach (var pod in decoded.Pods)
        {
            var containers = new List<ContainerView>();
            foreach (var c in decoded.ContainersOf(pod))
            {
                containers.Add(new ContainerView(
                    Text(decoded, c.Name), c.TimestampUnixNano, c.CpuNanoCoreSeconds, c.MemoryWorkingSetBytes, c.StartTimeUnixNano,
                    c.HasSwap ? c.SwapUsageBytes : null));
            }

            pods.Add(new PodView(Text(decoded, pod.Namespace), Text(decoded, pod.Name), containers));
        }

        var dropped = new List<DropView>();
        foreach (var d in decoded.Dropped)
        {
            dropped.Add(new DropView(d.Kind, d.Reason, Text(decoded, d.Namespace), Text(decoded, d.Pod), Text(decoded, d.Container), d.Line));
        }

        return new DecodeResult(ok, error, decoded.HasNode ? decoded.Node : null, pods, dropped);
    }

    public PodView Pod(string podNamespace, string name) =>
        Pods.Single(p => p.Namespace == podNamespace && p.Name == name);

    private static string Text(DecodedPayload decoded, Utf8Range range) => Encoding.UTF8.GetString(decoded.Label(range));
}

internal sealed record PodView(string Namespace, string Name, IReadOnlyList<ContainerView> Containers)
{
    public ContainerView Single => Containers.Count == 1 ? Containers[0] : throw new AssertionException($"{Containers.Count} containers");
}

internal sealed record ContainerView(string Name, long TimestampUnixNano, ulong Cpu, ulong Memory, long StartTimeUnixNano, ulong? Swap);

internal sealed record DropView(DroppedKind Kind, DropReason Reason, string Namespace, string Pod, string Container, int Line);
