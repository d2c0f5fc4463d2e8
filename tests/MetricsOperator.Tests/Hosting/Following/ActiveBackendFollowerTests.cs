using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Hosting.Following;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Reconciliation.Spec;
using MetricsOperator.Scraping;
using MetricsOperator.Serving.Api;
using MetricsOperator.Serving.Health;
using MetricsOperator.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace MetricsOperator.Tests.Hosting.Following;

/// <summary>Every replica runs with the active MetricsBackend's settings, and with none scrapes and serves nothing.</summary>
public sealed class ActiveBackendFollowerTests
{
    private static readonly DateTime Created = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    [Test]
    public async Task Without_a_MetricsBackend_nothing_is_scraped_or_served()
    {
        using var replica = new Replica();

        await replica.Follower.EvaluateAsync(CancellationToken.None);

        Assert.That(replica.Settings.IsEnabled, Is.False);
        Assert.That(replica.Activity.IsActive, Is.False);
        Assert.That(replica.Backend.Following, Is.Null);
    }

    [Test]
    public async Task The_active_backend_configures_the_scraper_and_the_endpoint()
    {
        using var replica = new Replica();
        replica.Backends.Replace([Backend("main", Created, new MetricsBackendSpec
        {
            Scraping = new ScrapingSpec { Resolution = "30s", NodeSelector = "role=worker" },
            Serving = new ServingSpec { SwapUsage = true },
        })]);

        await replica.Follower.EvaluateAsync(CancellationToken.None);

        Assert.That(replica.Settings.IsEnabled, Is.True);
        Assert.That(replica.Settings.Current.Resolution, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(replica.Settings.Current.NodeSelector, Is.EqualTo("role=worker"));
        Assert.That(replica.Swap.IncludeSwap, Is.True);
        Assert.That(replica.Activity.IsActive, Is.True);
        Assert.That(replica.Backend.Following, Is.EqualTo("main"));
    }

    [Test]
    public async Task The_oldest_backend_not_being_deleted_wins()
    {
        using var replica = new Replica();
        var oldest = Backend("a-oldest", Created, new MetricsBackendSpec { Scraping = new ScrapingSpec { Resolution = "20s" } });
        var younger = Backend("b-younger", Created.AddMinutes(1), new MetricsBackendSpec { Scraping = new ScrapingSpec { Resolution = "40s" } });
        replica.Backends.Replace([younger, oldest]);
        await replica.Follower.EvaluateAsync(CancellationToken.None);
        var first = (replica.Backend.Following, replica.Settings.Current.Resolution);

        oldest.Metadata.DeletionTimestamp = Created.AddHours(1);
        replica.Backends.Replace([younger, oldest]);
        await replica.Follower.EvaluateAsync(CancellationToken.None);

        Assert.That(first, Is.EqualTo(("a-oldest", TimeSpan.FromSeconds(20))));
        Assert.That((replica.Backend.Following, replica.Settings.Current.Resolution), Is.EqualTo(("b-younger", TimeSpan.FromSeconds(40))));
    }

    [Test]
    public async Task An_invalid_spec_stops_scraping_and_clears_what_was_served()
    {
        using var replica = new Replica();
        replica.Backends.Replace([Backend("main", Created, new MetricsBackendSpec())]);
        await replica.Follower.EvaluateAsync(CancellationToken.None);
        var wasEnabled = replica.Settings.IsEnabled;

        replica.Backends.Replace([Backend("main", Created, new MetricsBackendSpec { Scraping = new ScrapingSpec { Timeout = "14s" } })]);
        await replica.Follower.EvaluateAsync(CancellationToken.None);

        Assert.That(wasEnabled, Is.True);
        Assert.That(replica.Settings.IsEnabled, Is.False);
        Assert.That(replica.Activity.IsActive, Is.False);
        Assert.That(replica.Swap.IncludeSwap, Is.False);
        Assert.That(replica.Backend.Following, Is.Null);
    }

    [Test]
    public async Task The_kubelet_CA_comes_from_the_named_Secret_and_follows_its_changes()
    {
        using var replica = new Replica();
        using var first = TestCertificateAuthority.Create("kubelet-ca-1");
        using var second = TestCertificateAuthority.Create("kubelet-ca-2");
        var reference = new SecretKeyReference { Name = "kubelet-ca", Namespace = "kube-system" };
        replica.Backends.Replace([Backend("main", Created, new MetricsBackendSpec
        {
            Scraping = new ScrapingSpec { KubeletTls = new KubeletTlsSpec { CaSecretRef = reference } },
        })]);
        replica.CaReader.SetupSequence(r => r.ReadAsync(It.Is<SecretKeyReference>(s => s.Name == "kubelet-ca" && s.Namespace == "kube-system" && s.Key == "ca.crt"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(KubeletCaSecretResult.Found(first.CertificatePem))
            .ReturnsAsync(KubeletCaSecretResult.Unavailable("connection refused"))
            .ReturnsAsync(KubeletCaSecretResult.Found(second.CertificatePem))
            .ReturnsAsync(KubeletCaSecretResult.Missing("Secret kube-system/kubelet-ca does not exist"));

        await replica.Follower.EvaluateAsync(CancellationToken.None);
        var initial = replica.Settings.Current.KubeletCaBundlePem;
        await replica.Follower.EvaluateAsync(CancellationToken.None);
        var duringOutage = replica.Settings.Current.KubeletCaBundlePem;
        await replica.Follower.EvaluateAsync(CancellationToken.None);
        var rotated = replica.Settings.Current.KubeletCaBundlePem;
        await replica.Follower.EvaluateAsync(CancellationToken.None);

        Assert.That(initial, Is.EqualTo(first.CertificatePem));
        Assert.That(duringOutage, Is.EqualTo(first.CertificatePem), "an API outage keeps the current CA");
        Assert.That(rotated, Is.EqualTo(second.CertificatePem));
        Assert.That(replica.Settings.IsEnabled, Is.False, "without the Secret the kubelets cannot be verified");
    }

    [Test]
    public async Task Re_reading_an_unchanged_spec_changes_nothing()
    {
        using var replica = new Replica();
        replica.Backends.Replace([Backend("main", Created, new MetricsBackendSpec { Scraping = new ScrapingSpec { PreferredAddressTypes = ["Hostname"] } })]);
        var changes = 0;
        replica.Settings.Changed += _ => changes++;

        await replica.Follower.EvaluateAsync(CancellationToken.None);
        await replica.Follower.EvaluateAsync(CancellationToken.None);

        Assert.That(changes, Is.EqualTo(1));
    }

    [Test]
    public async Task A_change_seen_by_the_informer_takes_effect_without_waiting_for_the_recheck()
    {
        using var replica = new Replica();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await replica.Follower.StartAsync(stop.Token);
        try
        {
            replica.Backends.Replace([Backend("main", Created, new MetricsBackendSpec())]);
            while (replica.Backend.Following is null)
            {
                await Task.Delay(10, stop.Token);
            }

            replica.Backends.Replace([]);
            while (replica.Backend.Following is not null)
            {
                await Task.Delay(10, stop.Token);
            }
        }
        finally
        {
            await replica.Follower.StopAsync(CancellationToken.None);
        }

        Assert.That(replica.Settings.IsEnabled, Is.False);
    }

    [Test]
    public async Task Development_mode_allows_short_resolutions()
    {
        using var replica = new Replica(DevelopmentMode.On);
        replica.Backends.Replace([Backend("main", Created, new MetricsBackendSpec { Scraping = new ScrapingSpec { Resolution = "1s" } })]);

        await replica.Follower.EvaluateAsync(CancellationToken.None);

        Assert.That(replica.Settings.Current.Resolution, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    private static MetricsBackend Backend(string name, DateTime created, MetricsBackendSpec spec) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, CreationTimestamp = created, ResourceVersion = "1" },
        Spec = spec,
    };

    private sealed class Replica : IDisposable
    {
        public Replica(DevelopmentMode? development = null)
        {
            var mode = development ?? DevelopmentMode.Off;
            var time = new FakeTimeProvider(Created);
            Settings = new ScrapeSettingsSource(minimumResolution: mode.MinimumResolution, enabled: false);
            Backend = new ReplicaBackend(Settings, Swap, Activity, new MetricsStore(time, Settings), NullLogger<ReplicaBackend>.Instance);

            // The periodic re-check is a minute away on the fake clock: only informer events wake the follower.
            Follower = new ActiveBackendFollower(
                Backends, _ => Task.CompletedTask, Backend, CaReader.Object, mode, () => TimeSpan.FromMinutes(1), time, NullLogger<ActiveBackendFollower>.Instance);
        }

        public InformerCache<MetricsBackend> Backends { get; } = new();

        public ScrapeSettingsSource Settings { get; }

        public MetricsApiSwapSwitch Swap { get; } = new();

        public BackendActivity Activity { get; } = new(active: false);

        public Mock<IKubeletCaSecretReader> CaReader { get; } = new(MockBehavior.Strict);

        public ReplicaBackend Backend { get; }

        public ActiveBackendFollower Follower { get; }

        public void Dispose()
        {
            Follower.Dispose();
            Backends.Dispose();
        }
    }
}
