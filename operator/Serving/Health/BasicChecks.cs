using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MetricsOperator.Serving.Health;

/// <summary><c>ping</c>: the server answers HTTP at all.</summary>
internal sealed class PingCheck : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy());
}

/// <summary><c>log</c>: log output is not blocked (see <see cref="LogOutputMonitor"/>).</summary>
internal sealed class LogOutputCheck(LogOutputMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var since = monitor.SinceLastFlush;
        return Task.FromResult(since < LogOutputMonitor.BlockedAfter
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"logging blocked: the last log flush completed {since.TotalSeconds:0}s ago"));
    }
}

/// <summary><c>shutdown</c>: not ready once shutdown began, so endpoints drop this pod while it drains.</summary>
internal sealed class ShutdownCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("process is shutting down")
            : HealthCheckResult.Healthy());
}
