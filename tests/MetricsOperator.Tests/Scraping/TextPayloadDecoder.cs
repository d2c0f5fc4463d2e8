using System.Text;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

/// <summary>
/// A decoder double for scraper tests that should not depend on the Prometheus decoder: the body
/// <c>cpu=1 mem=2</c> becomes a node point, anything else is rejected naming the body.
/// </summary>
internal sealed class TextPayloadDecoder : IPayloadDecoder
{
    public static byte[] Body(ulong cpu, ulong memory) => Encoding.ASCII.GetBytes($"cpu={cpu} mem={memory}");

    public bool TryDecode(ReadOnlySpan<byte> payload, long defaultTimestampUnixNano, DecodedPayload into, out PayloadDecodeError error)
    {
        into.Reset();
        var parts = Encoding.ASCII.GetString(payload).Split(' ');
        if (parts.Length == 2
            && parts[0].StartsWith("cpu=", StringComparison.Ordinal) && ulong.TryParse(parts[0].AsSpan(4), out var cpu)
            && parts[1].StartsWith("mem=", StringComparison.Ordinal) && ulong.TryParse(parts[1].AsSpan(4), out var memory))
        {
            into.SetNode(new NodeSample { TimestampUnixNano = defaultTimestampUnixNano, CpuNanoCoreSeconds = cpu, MemoryWorkingSetBytes = memory });
            error = default;
            return true;
        }

        error = new PayloadDecodeError(1, "expected \"cpu=N mem=N\"");
        return false;
    }
}
