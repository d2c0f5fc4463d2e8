using System.Diagnostics.Metrics;
using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Scraping;
using MetricsOperator.Storage;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// The operator's scraping pipeline wired from its production classes as MetricsPipelineRegistration wires them,
/// nothing substituted, except that the nodes come from a static source holding the farm's Node objects (slimmed as
/// the node informer does) instead of an informer: <see cref="ScrapeLoop"/> and <see cref="ScrapeRound"/>, <see cref="KubeletClient"/>
/// verifying every kubelet certificate against the farm CA and sending the bearer token read from a token file (as
/// in a pod), <see cref="KubeletPayloadDecoder"/> per worker, and <see cref="MetricsStore"/> as the sink.
/// </summary>
internal sealed class SutPipeline : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly KubeletCredentials _credentials;
    private readonly KubeletClient _client;
    private readonly ScrapeRound _round;

    public SutPipeline(HarnessFiles files, TimeSpan resolution, int maxConcurrency, TimeSpan maxStagger, ILoggerFactory logs)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(logs);
        var time = TimeProvider.System;
        Settings = new ScrapeSettingsSource(new ScrapeSettings
        {
            Resolution = resolution,
            KubeletCaBundlePem = files.ReadCaBundle(),
            MaxConcurrency = maxConcurrency,
        });
        // As the node informer keeps them: only what scraping and the API need.
        Nodes = [.. files.ReadNodes().Select(KubernetesObjectTransforms.SlimNode)];
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        Store = new MetricsStore(time, Settings);
        _ = new StorageInstruments(meters, Store);
        var states = new NodeScrapeStates();
        var metrics = new ScraperMetrics(meters, states);

        // In a pod the token comes from the ServiceAccount token file; the apiserver address is never contacted here.
        var apiserver = new KubernetesClientConfiguration { Host = "https://127.0.0.1:6443" };
        _credentials = KubeletCredentials.FromClientConfiguration(apiserver, time, files.TokenPath);
        _client = new KubeletClient(_credentials);
        var recorder = new ScrapeOutcomeRecorder(Store, states, metrics, logs.CreateLogger<ScrapeOutcomeRecorder>());
        MaxStagger = maxStagger;
        _round = new ScrapeRound(_client, KubeletPayloadDecoderAdapter.Factory, recorder, time, maxStagger);
        Loop = new ScrapeLoop(Settings, new StaticNodeSource(Nodes), _client, _round, recorder, states, metrics, time, logs.CreateLogger<ScrapeLoop>());
    }

    public ScrapeSettingsSource Settings { get; }

    /// <summary>How long a round spreads its request start times over (production: <see cref="ScrapeRound.DefaultMaxStagger"/>).</summary>
    public TimeSpan MaxStagger { get; }

    public IReadOnlyList<V1Node> Nodes { get; }

    public MetricsStore Store { get; }

    public ScrapeLoop Loop { get; }

    public void Dispose()
    {
        Loop.Dispose();
        _round.Dispose();
        _client.Dispose();
        _credentials.Dispose();
        _services.Dispose();
    }
}
