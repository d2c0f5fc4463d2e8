using System.Diagnostics.Metrics;
using MetricsOperator.Scraping;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MetricsOperator.Serving.Diagnostics;

/// <summary>Registration and routing of <c>/metrics</c> and the request metrics.</summary>
internal static class OperatorMetricsEndpoints
{
    /// <summary>
    /// Registers <see cref="ApiInstruments"/> and the <see cref="OperatorMetricsCollector"/> with metrics-server's
    /// family names. The tick histogram's buckets follow the scrape resolution when a
    /// <see cref="ScrapeSettingsSource"/> is registered (else they are those of the default resolution).
    /// </summary>
    public static IServiceCollection AddOperatorMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiInstruments>();
        services.TryAddSingleton(static provider =>
        {
            var settings = provider.GetService<ScrapeSettingsSource>();
            var resolution = settings?.Current.Resolution ?? new ScrapeSettings().Resolution;
            var collector = new OperatorMetricsCollector(
                provider.GetRequiredService<IMeterFactory>(),
                OperatorMetricFamilies.Create(resolution),
                provider.GetRequiredService<ILogger<OperatorMetricsCollector>>());
            if (settings is not null)
            {
                settings.Changed += changed => collector.SetHistogramBuckets(
                    OperatorMetricFamilies.ManagerTickDuration, OperatorMetricFamilies.ScrapeDurationBuckets(changed.Resolution));
            }

            return collector;
        });
        return services;
    }

    /// <summary>Maps <c>GET /metrics</c> (Prometheus text format 0.0.4).</summary>
    public static IEndpointConventionBuilder MapOperatorMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var collector = endpoints.ServiceProvider.GetRequiredService<OperatorMetricsCollector>();
        return endpoints.MapGet(pattern, async context =>
        {
            context.Response.ContentType = PrometheusTextWriter.ContentType;
            collector.WriteTo(context.Response.BodyWriter);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        });
    }

    /// <summary>Counts and times every request that passes; call it before authentication.</summary>
    public static IApplicationBuilder UseApiRequestMetrics(this IApplicationBuilder app) =>
        app.UseMiddleware<ApiRequestMetricsMiddleware>();
}
