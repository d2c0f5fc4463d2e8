using MetricsOperator.Serving.Api;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Serving.Authorization;
using MetricsOperator.Serving.Diagnostics;
using MetricsOperator.Serving.Discovery;
using MetricsOperator.Serving.Health;
using MetricsOperator.Serving.Protobuf;
using MetricsOperator.Serving.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MetricsOperator.Hosting;

/// <summary>The HTTPS endpoint: metrics.k8s.io, discovery, health and /metrics behind the aggregated API server's authentication and authorization.</summary>
internal static class ServingRegistration
{
    public static IServiceCollection AddServing(this IServiceCollection services, ServingCertificateOptions certificate)
    {
        services.AddServingCertificate(certificate);
        services.AddKubernetesHealth();
        services.AddOperatorMetrics();
        services.AddKubernetesAuthentication();
        services.AddKubernetesAuthorization();
        services.AddMetricsApi();
        services.AddProtobufMetricsRepresentation();
        return services;
    }

    /// <summary>One HTTPS port for everything: HTTP/2 and HTTP/1.1, certificate from the rotating source, client certificates for authentication.</summary>
    public static void ListenSecurely(this KestrelServerOptions kestrel, ProcessOptions options)
    {
        kestrel.Listen(options.BindAddress, options.SecurePort, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(https =>
            {
                kestrel.ApplicationServices.GetRequiredService<ServingCertificateSource>().ConfigureHttps(https);
                https.UseKubernetesClientCertificates(kestrel.ApplicationServices);
            });
            listen.UseFullSizeTlsRecords();
        });
    }

    public static void MapServing(this WebApplication app)
    {
        app.UseApiRequestMetrics();
        app.UseKubernetesAuthentication();
        app.UseKubernetesAuthorization();
        app.MapKubernetesHealth();
        app.MapOperatorMetrics();
        app.MapDiscovery();
        app.MapMetricsApi();
    }
}
