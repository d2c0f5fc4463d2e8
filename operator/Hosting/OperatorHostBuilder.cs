using k8s;
using MetricsOperator.Storage;

namespace MetricsOperator.Hosting;

/// <summary>Composes the operator process from its validated <see cref="ProcessOptions"/>.</summary>
internal static class OperatorHostBuilder
{
    public static IHost Build(ProcessOptions options, KubernetesClientConfiguration kubernetes, bool inCluster)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = false,
            ApplicationName = "metrics-operator",
            ContentRootPath = AppContext.BaseDirectory,
        });
        ConfigureLogging(builder.Logging, options.LogFormat);
        builder.Services.AddSingleton(options);
        builder.Services.AddMetricsPipeline(kubernetes, inCluster);
        var host = builder.Build();

        // Observable instruments register on construction; build them before the first scrape.
        _ = host.Services.GetRequiredService<StorageInstruments>();
        return host;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, LogFormat format)
    {
        logging.ClearProviders();
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
    }
}
