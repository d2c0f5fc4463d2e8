using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Serving.Health;
using MetricsOperator.Serving.Tls;
using MetricsOperator.Storage;

namespace MetricsOperator.Hosting;

/// <summary>Composes the operator process from its validated <see cref="ProcessOptions"/>.</summary>
internal static class OperatorHostBuilder
{
    public static WebApplication Build(ProcessOptions options, KubernetesClientConfiguration kubernetes, bool inCluster)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "metrics-operator",
            ContentRootPath = AppContext.BaseDirectory,
        });
        OperatorLogging.Configure(builder.Logging, options.LogFormat);
        builder.Services.AddSingleton(options);

        // On SIGTERM Kestrel stops accepting, then in-flight requests get this long to finish.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddMetricsPipeline(kubernetes, inCluster, options);
        builder.Services.AddBackendFollowing(options);
        builder.Services.AddMetricsBackendController(options);
        var certificate = ServingCertificateFor(options);
        builder.Services.AddServing(certificate);
        if (certificate.Mode == ServingCertificateMode.Secret)
        {
            builder.Services.AddServingCertificateSecret(options);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenSecurely(options));
        var app = builder.Build();
        app.MapServing();
        if (certificate.Mode == ServingCertificateMode.Secret)
        {
            BackendFollowingRegistration.ConnectServingCertificateSecret(app.Services);
        }

        ControllerRegistration.ConnectController(app.Services);

        // Observable instruments register on construction; build them before the first scrape.
        _ = app.Services.GetRequiredService<StorageInstruments>();
        var syncs = app.Services.GetRequiredService<InformerSyncRegistry>();
        var nodes = app.Services.GetRequiredService<InformerService<V1Node>>().Informer;
        var pods = app.Services.GetRequiredService<InformerService<PartialObjectMetadata>>().Informer;
        syncs.Add("nodes", () => nodes.HasSynced);
        syncs.Add("pods", () => pods.HasSynced);
        var backends = app.Services.GetRequiredService<InformerService<MetricsOperator.Api.V1Alpha1.MetricsBackend>>().Informer;
        syncs.Add("metricsbackends", () => backends.HasSynced);
        return app;
    }

    /// <summary>
    /// A <c>--tls-cert-file</c> pair (watched and reloaded) when given; otherwise the operator's own Secret, which the
    /// leader issues for the Service's DNS names, reloaded by every replica when it changes.
    /// </summary>
    private static ServingCertificateOptions ServingCertificateFor(ProcessOptions options) =>
        options.TlsCertFile is not null
            ? new ServingCertificateOptions { CertificateFile = options.TlsCertFile, KeyFile = options.TlsPrivateKeyFile }
            : new ServingCertificateOptions
            {
                FromSecret = true,
                DnsNames = ServingCertificateOptions.ServiceDnsNames(options.ServiceName, options.Namespace, options.ClusterDomain),
            };
}
