using MetricsOperator.Serving.Tls;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MetricsOperator.Serving.Health;

/// <summary>Registration and routing of <c>/livez</c>, <c>/readyz</c> and <c>/healthz</c>.</summary>
internal static class KubernetesHealthEndpoints
{
    /// <summary>The ASP.NET Core health check service logs every unhealthy result as an error, on every probe.</summary>
    private const string HealthCheckServiceCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    /// <summary>
    /// Registers the checks, in output order: livez = ping, log, metric-collection-timely; readyz = ping, log,
    /// serving-certificate, metric-storage-ready, metric-informer-sync, shutdown; healthz = ping, log,
    /// metric-informer-sync. Also registers <see cref="BackendActivity"/> (as <see cref="IBackendActivity"/>),
    /// <see cref="InformerSyncRegistry"/> and <see cref="LogOutputMonitor"/>. The checks resolve
    /// <c>MetricsStore</c>, <c>ScraperMetrics</c>, <c>ScrapeSettingsSource</c> and
    /// <see cref="ServingCertificateSource"/> when they run; those are registered by their own parts. The health
    /// check service's per-probe logging is limited to critical entries, since the probe handlers log changes of
    /// outcome with their reasons.
    /// </summary>
    public static IHealthChecksBuilder AddKubernetesHealth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static _ => new BackendActivity());
        services.TryAddSingleton<IBackendActivity>(static provider => provider.GetRequiredService<BackendActivity>());
        services.TryAddSingleton<InformerSyncRegistry>();
        services.TryAddSingleton(static provider => LogOutputMonitor.ForConsole(provider.GetRequiredService<TimeProvider>()));
        services.AddLogging(logging => logging.AddFilter(HealthCheckServiceCategory, LogLevel.Critical));

        string[] everywhere = [HealthProbes.Livez, HealthProbes.Readyz, HealthProbes.Healthz];
        return services.AddHealthChecks()
            .AddCheck<PingCheck>(HealthCheckNames.Ping, tags: everywhere)
            .AddCheck<LogOutputCheck>(HealthCheckNames.Log, tags: everywhere)
            .AddCheck<ServingCertificateCheck>(HealthCheckNames.ServingCertificate, tags: [HealthProbes.Readyz])
            .AddCheck<MetricStorageReadyCheck>(HealthCheckNames.MetricStorageReady, tags: [HealthProbes.Readyz])
            .AddCheck<MetricInformerSyncCheck>(HealthCheckNames.MetricInformerSync, tags: [HealthProbes.Readyz, HealthProbes.Healthz])
            .AddCheck<MetricCollectionTimelyCheck>(HealthCheckNames.MetricCollectionTimely, tags: [HealthProbes.Livez])
            .AddCheck<ShutdownCheck>(HealthCheckNames.Shutdown, tags: [HealthProbes.Readyz]);
    }

    /// <summary>
    /// Maps <c>GET /livez</c>, <c>/readyz</c>, <c>/healthz</c> and <c>/&lt;probe&gt;/&lt;check&gt;</c> for every check
    /// registered (with the probe's tag) by the time this is called. Returns the group, e.g. to allow anonymous access.
    /// </summary>
    public static RouteGroupBuilder MapKubernetesHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var registrations = services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        var checkService = services.GetRequiredService<HealthCheckService>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HealthProbeHandler).FullName!);

        var group = endpoints.MapGroup(string.Empty);
        foreach (var probe in HealthProbes.All)
        {
            var checks = registrations.Where(r => r.Tags.Contains(probe)).Select(static r => r.Name).ToArray();
            var handler = new HealthProbeHandler(probe, checks, checkService, logger);
            group.MapGet("/" + probe, handler.HandleProbeAsync);
            foreach (var check in checks)
            {
                group.MapGet($"/{probe}/{check}", context => handler.HandleCheckAsync(context, check));
            }
        }

        return group;
    }
}
