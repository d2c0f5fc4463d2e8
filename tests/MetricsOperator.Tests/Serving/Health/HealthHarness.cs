using System.Net;
using MetricsOperator.Scraping;
using MetricsOperator.Serving.Health;
using MetricsOperator.Serving.Tls;
using MetricsOperator.Tests.Kubernetes.Testing;
using MetricsOperator.Tests.Serving.Diagnostics;
using MetricsOperator.Tests.Serving.Tls;
using MetricsOperator.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static MetricsOperator.Tests.Storage.PayloadBuilder;

namespace MetricsOperator.Tests.Serving.Health;

/// <summary>
/// The health endpoints on a real loopback server over the real checks, with every input under the test's
/// control: the clock, the store, the scrape loop's last start, the informers, the certificate and log output.
/// </summary>
internal sealed class HealthHarness : IAsyncDisposable
{
    public static readonly TimeSpan Resolution = TimeSpan.FromSeconds(15);

    private readonly ManualResetEventSlim _logOutputFlows = new(initialState: true);
    private LoopbackWebApp? _app;
    private HttpClient? _client;

    private HealthHarness()
    {
        Settings = new ScrapeSettingsSource(new ScrapeSettings { Resolution = Resolution });
        Scraper = new ScraperMetrics(Meters, new NodeScrapeStates());
        Certificates = new ServingCertificateSource(new ServingCertificateOptions { FromSecret = true }, Time, NullLogger<ServingCertificateSource>.Instance);
        LogOutput = new LogOutputMonitor(Time, () => _logOutputFlows.Wait());
        Informers.Add("nodes", () => NodesSynced);
        Informers.Add("pods", () => PodsSynced);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public ScopedMeterFactory Meters { get; } = new();

    public ScrapeSettingsSource Settings { get; }

    public StoreHarness Store { get; } = new();

    public ScraperMetrics Scraper { get; }

    public ServingCertificateSource Certificates { get; }

    public BackendActivity Backend { get; } = new();

    public InformerSyncRegistry Informers { get; } = new();

    public LogOutputMonitor LogOutput { get; }

    public CapturingLogger Log { get; } = new();

    public bool NodesSynced { get; set; }

    public bool PodsSynced { get; set; }

    /// <summary>A harness in which every check passes.</summary>
    public static async Task<HealthHarness> HealthyAsync()
    {
        var harness = await StartAsync();
        harness.NodesSynced = harness.PodsSynced = true;
        harness.MakeStoreReady();
        using var pki = new ServingPki(harness.Time);
        var issued = pki.Issue();
        harness.Certificates.UpdateFromPem(issued.Certificate, issued.Key, pki.CaPem);
        return harness;
    }

    public static async Task<HealthHarness> StartAsync()
    {
        var harness = new HealthHarness();
        harness._app = await LoopbackWebApp.StartAsync(
            services =>
            {
                services.AddSingleton<TimeProvider>(harness.Time);
                services.AddSingleton(harness.Settings);
                services.AddSingleton(harness.Store.Store);
                services.AddSingleton(harness.Scraper);
                services.AddSingleton(harness.Certificates);
                services.AddSingleton(harness.Backend);
                services.AddSingleton(harness.Informers);
                services.AddSingleton(harness.LogOutput);
                services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(harness.Log));
                services.AddKubernetesHealth();
            },
            web => web.MapKubernetesHealth());
        harness._client = new HttpClient { BaseAddress = harness._app.Address };
        return harness;
    }

    /// <summary>A node and a pod with two points each, so node and pod metrics are servable.</summary>
    public void MakeStoreReady()
    {
        Store.Put(NodeAndPod(10, 10, 120, 1));
        Store.Put(NodeAndPod(20, 20, 125, 6));
    }

    public void BlockLogOutput() => _logOutputFlows.Reset();

    public void UnblockLogOutput() => _logOutputFlows.Set();

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await _client!.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<HttpResponseMessage> GetResponseAsync(string path) => await _client!.GetAsync(new Uri(path, UriKind.Relative));

    public async ValueTask DisposeAsync()
    {
        _logOutputFlows.Set();
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        LogOutput.Dispose();
        Meters.Dispose();
        _logOutputFlows.Dispose();
    }

    private static PayloadBuilder NodeAndPod(double nodeAt, double nodeCoreSeconds, double podAt, double podCoreSeconds) =>
        new PayloadBuilder()
            .Node(At(nodeAt), CoreSeconds(nodeCoreSeconds), 2 * MiB)
            .Pod("ns1", "pod1", new MetricsOperator.Tests.Storage.ContainerPoint("container1", At(podAt), At(0), CoreSeconds(podCoreSeconds), 4 * MiB));

    private sealed class CapturingLoggerProvider(CapturingLogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
