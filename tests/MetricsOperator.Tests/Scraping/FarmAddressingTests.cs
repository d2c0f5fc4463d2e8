using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Reflection;
using System.Runtime.InteropServices;
using k8s.Models;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

/// <summary>
/// Kubelets addressed by IP are requested under a <see cref="KubeletHostName"/>: against simulated kubelets over real
/// TLS, the certificate must name the IP connected to, a node that moves is connected at its new address, and the
/// connections share one OpenSSL context, whose cached TLS sessions do not bypass certificate verification.
/// </summary>
internal sealed class FarmAddressingTests
{
    private KubeletFarmHost _farm = null!;

    private static KubeletCredentials FarmToken => new(
        new StaticKubeletAuthorization(new AuthenticationHeaderValue("Bearer", KubeletFarmOptions.DefaultBearerToken)), null, null);

    [OneTimeSetUp]
    public async Task StartFarm() => _farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
    {
        NodeCount = 3,
        BaseAddress = IPAddress.Parse("127.66.0.0"),
        Port = 0,
        EnableHttp2 = false,
    });

    [OneTimeTearDown]
    public async Task StopFarm() => await _farm.DisposeAsync();

    [Test]
    public async Task A_certificate_for_another_IP_is_refused_though_it_names_the_node()
    {
        await using var farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 2,
            BaseAddress = IPAddress.Parse("127.67.0.0"),
            Port = 0,
            EnableHttp2 = false,
        });
        var (elsewhere, healthy) = (farm.Nodes[0], farm.Nodes[1]);
        using var certificate = farm.CertificateAuthority.IssueServerCertificate(
            elsewhere.Name, [IPAddress.Parse("10.9.9.9")], [elsewhere.Name, "*." + elsewhere.Name]);
        farm.SetServingCertificate(elsewhere, certificate);
        using var scraper = new FarmScraper([farm], Settings(farm), FarmToken, TimeProvider.System);

        var result = await scraper.RunRoundAsync();

        Assert.Multiple(() =>
        {
            Assert.That((result.Scraped, result.Failed), Is.EqualTo((1, 1)));
            Assert.That(scraper.Sink.Stored.Keys, Is.EqualTo(new[] { healthy.Name }));
            Assert.That(
                scraper.FailureOf(elsewhere.Name),
                Is.EqualTo(new ScrapeFailure(
                    ScrapeFailureKind.Tls,
                    $"kubelet certificate is not valid for {elsewhere.Address} (it names {elsewhere.Name}, *.{elsewhere.Name}, 10.9.9.9)")));
        });
    }

    [Test]
    public async Task A_node_whose_address_changes_is_scraped_at_the_new_address_on_a_new_connection()
    {
        var (before, after) = (_farm.Nodes[0], _farm.Nodes[1]);
        using var connections = new KestrelConnectionCounter();
        using var scraper = new FarmScraper([], Settings(_farm), FarmToken, TimeProvider.System);
        scraper.Nodes.Replace([Moving(before)]);
        var requests = (Before: before.RequestCount, After: after.RequestCount);

        var first = await scraper.RunRoundAsync();
        scraper.Nodes.Replace([Moving(after)]);
        var second = await scraper.RunRoundAsync();
        var third = await scraper.RunRoundAsync();

        Assert.Multiple(() =>
        {
            Assert.That((first.Scraped, second.Scraped, third.Scraped), Is.EqualTo((1, 1, 1)));
            Assert.That(before.RequestCount - requests.Before, Is.EqualTo(1), "the old address got the first round only");
            Assert.That(after.RequestCount - requests.After, Is.EqualTo(2), "the new address got the later rounds");
            Assert.That(connections.OpenedTo(before.Address.ToString()), Is.EqualTo(1));
            Assert.That(connections.OpenedTo(after.Address.ToString()), Is.EqualTo(1), "the new connection is kept for the third round");
        });
    }

    [Test]
    public async Task A_connection_failure_names_the_kubelet_IP_not_its_host_name()
    {
        using var client = new KubeletClient(KubeletCredentials.Anonymous);
        client.Configure(Settings(_farm));
        using var buffer = new ResponseBuffer();
        KubeletAddressResolver.TryResolve(Nodes.Node("gone", [("InternalIP", "127.66.0.250")], statusPort: 1), Settings(_farm), out var target, out _);

        var failure = await client.FetchAsync(target!, buffer, 4096, CancellationToken.None);

        Assert.That(target!.NamedUri, Is.Not.Null);
        Assert.That(failure, Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.Connection, "connection failed: Connection refused (127.66.0.250:1)")));
    }

    [Test]
    public async Task Connections_to_kubelets_addressed_by_IP_share_one_OpenSSL_context()
    {
        var streams = new List<SslStream>();
        using var client = ClientSeeing(stream =>
        {
            lock (streams)
            {
                streams.Add(stream);
            }
        });
        client.Configure(Settings(_farm));
        using var buffer = new ResponseBuffer();

        foreach (var node in _farm.Nodes)
        {
            KubeletAddressResolver.TryResolve(node.ToV1Node(), Settings(_farm), out var target, out _);
            var failure = await client.FetchAsync(target!, buffer, 4096, CancellationToken.None);
            Assert.That(failure?.Kind, Is.EqualTo(ScrapeFailureKind.HttpStatus), "the TLS handshake succeeded (anonymous: 401)");
        }

        // The connections are still open (kept for reuse), so their SSL objects are alive.
        Assert.That(streams, Has.Count.EqualTo(_farm.Nodes.Count));
        Assert.That(streams.Select(OpenSslContextOf).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_resumed_TLS_session_is_judged_again_by_the_current_trust()
    {
        // Named hosts let .NET cache TLS sessions (process-wide, per host). A later transport with other roots must not
        // inherit the earlier verdict: the runtime calls the validator on resumed sessions too, which this pins.
        using var other = TestCertificateAuthority.Create("resumption-other-ca");
        var node = _farm.Nodes[2];
        KubeletAddressResolver.TryResolve(node.ToV1Node(), Settings(_farm), out var target, out _);

        var first = await HandshakeAsync(target!, _farm.CertificateAuthority.CertificatePem);
        var again = await HandshakeAsync(target!, _farm.CertificateAuthority.CertificatePem);
        var distrusted = await HandshakeAsync(target!, other.CertificatePem);

        Assert.Multiple(() =>
        {
            Assert.That((first.Resumed, first.Rejection), Is.EqualTo((false, (string?)null)));
            Assert.That((again.Resumed, again.Rejection), Is.EqualTo((true, (string?)null)), "the second handshake resumed the session");
            Assert.That(distrusted.Rejection, Does.StartWith("kubelet certificate not trusted"));
        });
    }

    // A full request, so that the TLS 1.3 session ticket, sent after the handshake, is read and cached.
    private static async Task<(bool Resumed, string? Rejection)> HandshakeAsync(KubeletTarget target, string caBundlePem)
    {
        var resumed = false;
        using var client = ClientSeeing(stream => resumed = SslSessionReused(SslOf(stream)) == 1);
        client.Configure(new ScrapeSettings { KubeletCaBundlePem = caBundlePem });
        using var buffer = new ResponseBuffer();
        var failure = await client.FetchAsync(target, buffer, 4096, CancellationToken.None);
        return (resumed, failure is { Kind: ScrapeFailureKind.Tls } ? failure.Value.Reason : null);
    }

    private static KubeletClient ClientSeeing(Action<SslStream> established) =>
        new(KubeletCredentials.Anonymous, (settings, credentials) => KubeletTransport.Create(settings, credentials, idleBuffers: null, established));

    private static V1Node Moving(SimulatedNode to)
    {
        var node = to.ToV1Node();
        node.Metadata.Name = "moving-node";
        return node;
    }

    private static ScrapeSettings Settings(KubeletFarmHost farm) => new()
    {
        Resolution = TimeSpan.FromSeconds(15),
        Timeout = TimeSpan.FromSeconds(3),
        KubeletCaBundlePem = farm.CertificateAuthority.CertificatePem,
    };

    private static nint OpenSslContextOf(SslStream stream) => SslGetSslCtx(SslOf(stream));

    // The connection's SSL*, read from SslStream's private state as OpenSslIdleBuffers does.
    private static nint SslOf(SslStream stream)
    {
        var field = typeof(SslStream).GetField("_securityContext", BindingFlags.Instance | BindingFlags.NonPublic);
        return ((SafeHandle)field!.GetValue(stream)!).DangerousGetHandle();
    }

    [DllImport("libssl.so.3", EntryPoint = "SSL_get_SSL_CTX")]
    private static extern nint SslGetSslCtx(nint ssl);

    [DllImport("libssl.so.3", EntryPoint = "SSL_session_reused")]
    private static extern int SslSessionReused(nint ssl);
}
