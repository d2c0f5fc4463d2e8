using MetricsOperator.Serving.Api;

namespace MetricsOperator.Serving.Protobuf;

internal static class ProtobufServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ProtobufMetricsRepresentation"/> as one of the <see cref="IMetricsRepresentation"/>s content negotiation picks from.</summary>
    public static IServiceCollection AddProtobufMetricsRepresentation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IMetricsRepresentation, ProtobufMetricsRepresentation>();
        return services;
    }
}
