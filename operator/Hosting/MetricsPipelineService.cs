using k8s.Models;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Scraping;

namespace MetricsOperator.Hosting;

/// <summary>
/// Starts scraping once the node and pod informers have synced, as metrics-server does: a round before that
/// would see no nodes and a serving layer would report pods as missing.
/// </summary>
internal sealed partial class MetricsPipelineService(
    InformerService<V1Node> nodes,
    InformerService<PartialObjectMetadata> pods,
    ScrapeLoop loop,
    ILogger<MetricsPipelineService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogWaitingForSync(logger);
        await Task.WhenAll(
            nodes.Informer.WaitForSyncAsync(stoppingToken),
            pods.Informer.WaitForSyncAsync(stoppingToken)).ConfigureAwait(false);
        LogSynced(logger);
        await loop.RunAsync(stoppingToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "waiting for the node and pod informers to sync before the first scrape")]
    private static partial void LogWaitingForSync(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "informers synced; scraping starts")]
    private static partial void LogSynced(ILogger logger);
}
