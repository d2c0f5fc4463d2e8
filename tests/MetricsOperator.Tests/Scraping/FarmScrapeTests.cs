using System.Net;
using System.Net.Http.Headers;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Scraping;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Scraping;

/// <summary>
/// The production scraper against simulated kubelets over real TLS with CA verification: farm A is trusted,
/// farm B has certificates from a CA nobody trusts, farm C's certificates chain to a trusted CA but expired.
/// </summary>
internal sealed class FarmScrapeTests
{
    private static readonly DateTimeOffset Epoch = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private FakeTimeProvider _clock = null!;
    private TestCertificateAuthority _clientCa = null!;
    private TestCertificateAuthority _pastCa = null!;
    private KubeletFarmHost _trusted = null!;
    private KubeletFarmHost _untrusted = null!;
    private KubeletFarmHost _expired = null!;

    private static KubeletCredentials FarmToken => new(
        new StaticKubeletAuthorization(new AuthenticationHeaderValue("Bearer", KubeletFarmOptions.DefaultBearerToken)), null, null);

    [OneTimeSetUp]
    public async Task StartFarms()
    {
        _clock = new FakeTimeProvider(Epoch);
        _clientCa = TestCertificateAuthority.Create("scraper-client-ca");

        // Leaves of this CA are valid for a year from two years ago: expired today, while the CA itself still is valid.
        _pastCa = TestCertificateAuthority.Create("past-ca", new FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(-2)));
        var starting = new[]
        {
            KubeletFarmHost.StartAsync(FarmOptions("127.61.0.0", 3) with { TimeProvider = _clock, ClientCertificateAuthority = _clientCa, Workload = new WorkloadShape { PodsPerNode = 4 } }),
            KubeletFarmHost.StartAsync(FarmOptions("127.62.0.0", 2) with { NodeNamePrefix = "untrusted-" }),
            KubeletFarmHost.StartAsync(FarmOptions("127.63.0.0", 2) with { NodeNamePrefix = "expired-", CertificateAuthority = _pastCa }),
        };
        var farms = await Task.WhenAll(starting);
        (_trusted, _untrusted, _expired) = (farms[0], farms[1], farms[2]);
    }

    [OneTimeTearDown]
    public async Task StopFarms()
    {
        await _trusted.DisposeAsync();
        await _untrusted.DisposeAsync();
        await _expired.DisposeAsync();
        _pastCa.Dispose();
        _clientCa.Dispose();
    }

    [SetUp]
    public void ClearFaults()
    {
        foreach (var node in _trusted.Nodes)
        {
            node.Fault = KubeletFault.None;
        }
    }

    [Test]
    public async Task Stored_values_match_the_farm_usage_after_two_rounds()
    {
        using var scraper = new FarmScraper([_trusted], Settings(_trusted), FarmToken, _clock, maxStagger: TimeSpan.Zero);

        var first = await scraper.RunRoundAsync();
        _clock.Advance(TimeSpan.FromSeconds(15));
        var second = await scraper.RunRoundAsync();

        Assert.That((first.Scraped, second.Scraped, second.Failed), Is.EqualTo((3, 3, 0)));
        foreach (var node in _trusted.Nodes)
        {
            var history = scraper.Sink.History(node.Name);
            Assert.That(history, Has.Count.EqualTo(2));
            var (before, after) = (history[0], history[1]);
            Assert.Multiple(() =>
            {
                Assert.That(CpuRate(before.Node!.Value, after.Node!.Value), Is.EqualTo(node.ExpectedNodeUsage().NanoCores).Within(1), node.Name);
                Assert.That((long)after.Node!.Value.MemoryWorkingSetBytes, Is.EqualTo(node.ExpectedNodeUsage().MemoryBytes));
                Assert.That(after.Pods, Has.Count.EqualTo(4));
                foreach (var (key, container) in after.Containers)
                {
                    var parts = key.Split('/');
                    var expected = node.ExpectedContainerUsage(parts[0], parts[1], parts[2]);
                    Assert.That(CpuRate(before.Containers[key], container), Is.EqualTo(expected.NanoCores).Within(1), key);
                    Assert.That((long)container.MemoryWorkingSetBytes, Is.EqualTo(expected.MemoryBytes), key);
                }
            });
        }
    }

    [Test]
    public async Task Untrusted_and_expired_certificates_fail_their_nodes_with_a_reason_while_the_others_succeed()
    {
        var settings = Settings(_trusted) with { KubeletCaBundlePem = _trusted.CertificateAuthority.CertificatePem + "\n" + _pastCa.CertificatePem };
        using var scraper = new FarmScraper([_trusted, _untrusted, _expired], settings, FarmToken, TimeProvider.System);

        var result = await scraper.RunRoundAsync();

        Assert.Multiple(() =>
        {
            Assert.That((result.Scraped, result.Failed), Is.EqualTo((3, 4)));
            Assert.That(scraper.Sink.Stored.Keys, Is.EquivalentTo(_trusted.Nodes.Select(n => n.Name)));
            foreach (var node in _untrusted.Nodes)
            {
                Assert.That(
                    scraper.FailureOf(node.Name),
                    Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.Tls, "kubelet certificate not trusted: issuer \"CN=kubelet-farm-ca\" does not chain to a trusted CA")));
            }

            foreach (var node in _expired.Nodes)
            {
                var failure = scraper.FailureOf(node.Name);
                Assert.That(failure?.Kind, Is.EqualTo(ScrapeFailureKind.Tls));
                Assert.That(failure?.Reason, Does.StartWith("kubelet certificate expired at "));
            }

            Assert.That(scraper.States.Summarize() is { Failing: 4, MostCommonFailure: ScrapeFailureKind.Tls, MostCommonFailureCount: 4 });
        });
    }

    [Test]
    public async Task Per_node_certificate_problems_are_reported_per_node()
    {
        await using var farm = await KubeletFarmHost.StartAsync(FarmOptions("127.64.0.0", 3) with { NodeNamePrefix = "per-node-" });
        var (expired, misnamed, healthy) = (farm.Nodes[0], farm.Nodes[1], farm.Nodes[2]);
        var validity = CertificateValidity.Expired(TimeProvider.System);
        using var expiredCertificate = farm.CertificateAuthority.IssueServerCertificate(expired.Name, [expired.Address], validity: validity);
        using var misnamedCertificate = farm.CertificateAuthority.IssueServerCertificate(misnamed.Name, [IPAddress.Parse("10.9.9.9")], ["elsewhere"]);
        farm.SetServingCertificate(expired, expiredCertificate);
        farm.SetServingCertificate(misnamed, misnamedCertificate);
        using var scraper = new FarmScraper([farm], Settings(farm), FarmToken, TimeProvider.System);

        var result = await scraper.RunRoundAsync();

        Assert.Multiple(() =>
        {
            Assert.That((result.Scraped, result.Failed), Is.EqualTo((1, 2)));
            Assert.That(scraper.Sink.Stored.Keys, Is.EqualTo(new[] { healthy.Name }));
            Assert.That(
                scraper.FailureOf(expired.Name),
                Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.Tls, $"kubelet certificate expired at {validity.NotAfter.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}")));
            Assert.That(
                scraper.FailureOf(misnamed.Name),
                Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.Tls, $"kubelet certificate is not valid for {misnamed.Address} (it names elsewhere, 10.9.9.9)")));
        });
    }

    [Test]
    public async Task Without_a_bundle_the_cluster_CA_of_the_credentials_is_trusted()
    {
        var credentials = new KubeletCredentials(
            new StaticKubeletAuthorization(new AuthenticationHeaderValue("Bearer", KubeletFarmOptions.DefaultBearerToken)),
            null,
            [_trusted.CertificateAuthority.Certificate]);
        using var scraper = new FarmScraper([_trusted, _untrusted], Settings(_trusted), credentials, TimeProvider.System);

        var result = await scraper.RunRoundAsync();

        Assert.That((result.Scraped, result.Failed), Is.EqualTo((3, 2)));
    }

    [Test]
    public async Task Insecure_mode_accepts_any_certificate()
    {
        var settings = Settings(_trusted) with { KubeletCaBundlePem = null, InsecureSkipKubeletTlsVerify = true };
        using var scraper = new FarmScraper([_untrusted, _expired], settings, FarmToken, TimeProvider.System);

        var result = await scraper.RunRoundAsync();

        Assert.That((result.Scraped, result.Failed), Is.EqualTo((4, 0)));
    }

    [Test]
    public async Task A_wrong_token_is_reported_as_401()
    {
        var wrong = new KubeletCredentials(new StaticKubeletAuthorization(new AuthenticationHeaderValue("Bearer", "wrong-token")), null, null);
        using var scraper = new FarmScraper([_trusted], Settings(_trusted), wrong, TimeProvider.System);
        var node = _trusted.Nodes[0];
        var unauthorizedBefore = node.UnauthorizedRequestCount;

        var result = await scraper.RunRoundAsync();

        Assert.Multiple(() =>
        {
            Assert.That((result.Scraped, result.Failed), Is.EqualTo((0, 3)));
            Assert.That(scraper.FailureOf(node.Name), Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.HttpStatus, "request failed, status: \"401 Unauthorized\"")));
            Assert.That(node.UnauthorizedRequestCount, Is.EqualTo(unauthorizedBefore + 1));
        });
    }

    [Test]
    public async Task A_client_certificate_authenticates_without_a_token()
    {
        var clientCertificate = _clientCa.IssueClientCertificate("system:serviceaccount:kube-system:metrics-backend");
        using var scraper = new FarmScraper([_trusted], Settings(_trusted), new KubeletCredentials(null, clientCertificate, null), TimeProvider.System);

        var result = await scraper.RunRoundAsync();

        Assert.That((result.Scraped, result.Failed), Is.EqualTo((3, 0)));
    }

    [Test]
    public async Task A_delayed_kubelet_does_not_delay_the_others()
    {
        using var scraper = new FarmScraper([_trusted], Settings(_trusted), FarmToken, _clock, maxStagger: TimeSpan.Zero);
        var slow = _trusted.Nodes[1];
        slow.Fault = KubeletFault.Delayed(TimeSpan.FromSeconds(10));
        var slowRequestsBefore = slow.RequestCount;

        var round = scraper.Loop.RunRoundAsync(CancellationToken.None);
        await ScraperHarness.Until(() => scraper.Sink.StoreCalls == 2, "the two prompt nodes are stored");
        Assert.That(round.IsCompleted, Is.False, "the round still waits for the slow node");
        await ScraperHarness.Until(() => slow.RequestCount > slowRequestsBefore, "the slow kubelet got the request (its timeout is armed)");
        _clock.Advance(TimeSpan.FromSeconds(3));
        var result = await ScraperHarness.Promptly(round);

        Assert.Multiple(() =>
        {
            Assert.That((result.Scraped, result.Failed), Is.EqualTo((2, 1)));
            Assert.That(scraper.FailureOf(slow.Name), Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.Timeout, "timeout after 3s")));
        });
    }

    [TestCase(KubeletFaultKind.ServerError, ScrapeFailureKind.HttpStatus, "request failed, status: \"500 Internal Server Error\"")]
    [TestCase(KubeletFaultKind.ConnectionReset, ScrapeFailureKind.Connection, null)]
    [TestCase(KubeletFaultKind.MalformedBody, ScrapeFailureKind.InvalidPayload, null)]
    [TestCase(KubeletFaultKind.Oversized, ScrapeFailureKind.ResponseTooLarge, "response larger than 1048576 bytes")]
    public async Task A_faulty_kubelet_fails_alone_with_a_reason(KubeletFaultKind fault, ScrapeFailureKind kind, string? reason)
    {
        var settings = Settings(_trusted) with { MaxResponseBytes = 1 << 20 };
        using var scraper = new FarmScraper([_trusted], settings, FarmToken, TimeProvider.System);
        var faulty = _trusted.Nodes[2];
        faulty.Fault = fault == KubeletFaultKind.Oversized ? KubeletFault.Oversized(2 << 20) : new KubeletFault(fault);

        var result = await scraper.RunRoundAsync();

        var failure = scraper.FailureOf(faulty.Name);
        Assert.Multiple(() =>
        {
            Assert.That((result.Scraped, result.Failed), Is.EqualTo((2, 1)));
            Assert.That(failure?.Kind, Is.EqualTo(kind), failure?.Reason);
            if (reason is not null)
            {
                Assert.That(failure?.Reason, Is.EqualTo(reason));
            }
        });
    }

    [Test]
    public async Task Gzip_responses_decode_to_the_same_values()
    {
        using var plain = new FarmScraper([_trusted], Settings(_trusted), FarmToken, _clock, maxStagger: TimeSpan.Zero);
        using var gzip = new FarmScraper([_trusted], Settings(_trusted) with { RequestGzip = true }, FarmToken, _clock, maxStagger: TimeSpan.Zero);

        await plain.RunRoundAsync();
        await gzip.RunRoundAsync();

        foreach (var node in _trusted.Nodes)
        {
            Assert.That(gzip.Sink.Stored[node.Name].Node, Is.EqualTo(plain.Sink.Stored[node.Name].Node));
            Assert.That(gzip.Sink.Stored[node.Name].Containers, Is.EquivalentTo(plain.Sink.Stored[node.Name].Containers));
        }
    }

    [Test]
    public async Task One_connection_per_kubelet_is_kept_and_reused_across_rounds()
    {
        using var connections = new KestrelConnectionCounter();
        using var scraper = new FarmScraper([_trusted], Settings(_trusted), FarmToken, _clock, maxStagger: TimeSpan.Zero);
        var requestsBefore = _trusted.Nodes.Select(n => n.RequestCount).ToArray();

        for (var round = 0; round < 3; round++)
        {
            var result = await scraper.RunRoundAsync();
            Assert.That(result.Scraped, Is.EqualTo(3));
            _clock.Advance(TimeSpan.FromSeconds(15));
        }

        for (var i = 0; i < _trusted.Nodes.Count; i++)
        {
            var node = _trusted.Nodes[i];
            Assert.That(node.RequestCount - requestsBefore[i], Is.EqualTo(3), node.Name);
            Assert.That(connections.OpenedTo(node.Address.ToString()), Is.EqualTo(1), $"{node.Name}: one TLS connection for three requests");
        }
    }

    private static KubeletFarmOptions FarmOptions(string baseAddress, int nodes) => new()
    {
        NodeCount = nodes,
        BaseAddress = IPAddress.Parse(baseAddress),
        Port = 0,
        EnableHttp2 = false,
    };

    private static ScrapeSettings Settings(KubeletFarmHost trusted) => new()
    {
        Resolution = TimeSpan.FromSeconds(15),
        Timeout = TimeSpan.FromSeconds(3),
        KubeletCaBundlePem = trusted.CertificateAuthority.CertificatePem,
    };

    private static double CpuRate(NodeSample before, NodeSample after) =>
        (after.CpuNanoCoreSeconds - before.CpuNanoCoreSeconds) * 1e9 / (after.TimestampUnixNano - before.TimestampUnixNano);

    private static double CpuRate(ContainerSample before, ContainerSample after) =>
        (after.CpuNanoCoreSeconds - before.CpuNanoCoreSeconds) * 1e9 / (after.TimestampUnixNano - before.TimestampUnixNano);
}
