using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Serving.Diagnostics;
using MetricsOperator.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MetricsOperator.Serving.Api;

internal static class MetricsApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers what <see cref="MetricsApiEndpoints.MapMetricsApi"/> needs: the JSON, YAML and Table (meta.k8s.io v1
    /// and v1beta1) representations, negotiation, the endpoint handlers and <see cref="MetricsApiOptions"/>.
    /// Other representations (protobuf) are added as further <see cref="IMetricsRepresentation"/> singletons, before
    /// or after this call. The data sources default to the process's <see cref="MetricsStore"/>,
    /// <see cref="PodMetadataCache"/> and <c>InformerCache&lt;V1Node&gt;</c> singletons; register an
    /// <see cref="IMetricsViews"/>, <see cref="IRunningPods"/> or <see cref="INodeDirectory"/> first to use others.
    /// Calling it twice registers nothing more.
    /// </summary>
    public static IServiceCollection AddMetricsApi(this IServiceCollection services, Action<MetricsApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MetricsApiOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(MetricsRepresentationRegistry)))
        {
            return services;
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IMetricsRepresentation, JsonMetricsRepresentation>();
        services.AddSingleton<IMetricsRepresentation, YamlMetricsRepresentation>();
        services.AddSingleton<IMetricsRepresentation>(TableMetricsRepresentation.V1);
        services.AddSingleton<IMetricsRepresentation>(TableMetricsRepresentation.V1Beta1);
        services.AddSingleton<MetricsRepresentationRegistry>();

        services.TryAddSingleton<IMetricsViews>(sp => new StoreMetricsViews(sp.GetRequiredService<MetricsStore>()));
        services.TryAddSingleton<IRunningPods>(sp => new CachedRunningPods(sp.GetRequiredService<PodMetadataCache>()));
        services.TryAddSingleton<INodeDirectory>(sp => InformerNodeDirectory.Attach(sp.GetRequiredService<InformerCache<V1Node>>()));

        services.AddSingleton(_ => RequestScratch.CreatePool());
        services.TryAddSingleton<ApiInstruments>();
        services.AddSingleton<MetricsRequestReader>();
        services.AddSingleton<NodeMetricsEndpoints>();
        services.AddSingleton<PodMetricsEndpoints>();
        return services;
    }
}
