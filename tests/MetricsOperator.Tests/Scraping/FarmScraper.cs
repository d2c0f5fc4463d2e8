using MetricsOperator.KubeletFarm;
using MetricsOperator.Scraping;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.Tests.Scraping;

/// <summary>The production scraper (real handler, TLS, decoder) pointed at kubelet farms, with a recording sink.</summary>
internal sealed class FarmScraper : IDisposable
{
    public FarmScraper(IEnumerable<KubeletFarmHost> farms, ScrapeSettings settings, KubeletCredentials credentials, TimeProvider time, TimeSpan? maxStagger = null)
    {
        Credentials = credentials;
        Settings = new ScrapeSettingsSource(settings);
        Nodes = new StaticNodeSource(farms.SelectMany(f => f.Nodes).Select(n => n.ToV1Node()).ToList());
        Metrics = new ScraperMetrics(Probe, States);
        Client = new KubeletClient(credentials);
        var recorder = new ScrapeOutcomeRecorder(Sink, States, Metrics, NullLogger<ScrapeOutcomeRecorder>.Instance);
        Round = new ScrapeRound(Client, KubeletPayloadDecoderAdapter.Factory, recorder, time, maxStagger ?? ScrapeRound.DefaultMaxStagger);
        Loop = new ScrapeLoop(Settings, Nodes, Client, Round, recorder, States, Metrics, time, NullLogger<ScrapeLoop>.Instance);
    }

    public RecordingSink Sink { get; } = new();

    public NodeScrapeStates States { get; } = new();

    public MetricsProbe Probe { get; } = new();

    public ScrapeSettingsSource Settings { get; }

    public StaticNodeSource Nodes { get; }

    public ScraperMetrics Metrics { get; }

    public KubeletCredentials Credentials { get; }

    public KubeletClient Client { get; }

    public ScrapeRound Round { get; }

    public ScrapeLoop Loop { get; }

    public Task<ScrapeRoundResult> RunRoundAsync() => ScraperHarness.Promptly(Loop.RunRoundAsync(CancellationToken.None));

    public ScrapeFailure? FailureOf(string node) => States.TryGet(node, out var state) && state.IsFailing ? state.LastFailure : null;

    public void Dispose()
    {
        Loop.Dispose();
        Round.Dispose();
        Client.Dispose();
        Credentials.Dispose();
        Probe.Dispose();
    }
}
