using System.Net;

namespace MetricsOperator.KubeletFarm;

internal static partial class KubeletFarmLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "kubelet farm serving {NodeCount} nodes from {BaseAddress} port {Port} over {Scheme}, started in {ElapsedMs} ms")]
    public static partial void Started(ILogger logger, int nodeCount, IPAddress baseAddress, int port, string scheme, long elapsedMs);
}
