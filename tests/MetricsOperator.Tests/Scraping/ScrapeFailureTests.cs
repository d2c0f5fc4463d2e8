using System.Net;
using System.Net.Http.Headers;
using MetricsOperator.Scraping;
using static MetricsOperator.Tests.Scraping.ScraperHarness;

namespace MetricsOperator.Tests.Scraping;

/// <summary>Every way a kubelet can fail ends as MarkNodeFailed plus a readable reason in the node state.</summary>
public sealed class ScrapeFailureTests
{
    private static readonly ScrapeSettings Limited = new()
    {
        Resolution = TimeSpan.FromSeconds(10),
        Timeout = TimeSpan.FromSeconds(3),
        MaxResponseBytes = 4096,
    };

    private static async Task<ScrapeFailure?> ScrapeOnce(KubeletBehaviour behaviour, ScrapeSettings? settings = null)
    {
        using var harness = new ScraperHarness(settings ?? Limited);
        harness.AddKubelets(behaviour, "node1", "healthy");
        harness.SetKubelet("healthy", new KubeletBehaviour { Body = KubeletBodies.NodeOnly });

        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        if (harness.Sink.Failed.Count == 0)
        {
            Assert.That(harness.Sink.Stored.Keys, Is.EquivalentTo(new[] { "healthy", "node1" }));
            return null;
        }

        Assert.That(harness.Sink.Stored.Keys, Is.EquivalentTo(new[] { "healthy" }), "the healthy node is unaffected");

        Assert.That(harness.Sink.Failed, Is.EqualTo(new[] { "node1" }));
        return harness.State("node1").LastFailure;
    }

    [TestCase(HttpStatusCode.InternalServerError, "request failed, status: \"500 Internal Server Error\"")]
    [TestCase(HttpStatusCode.Unauthorized, "request failed, status: \"401 Unauthorized\"")]
    [TestCase(HttpStatusCode.Forbidden, "request failed, status: \"403 Forbidden\"")]
    [TestCase(HttpStatusCode.NotFound, "request failed, status: \"404 Not Found\"")]
    public async Task A_status_other_than_200_is_reported_like_metrics_server(HttpStatusCode status, string reason)
    {
        var failure = await ScrapeOnce(new KubeletBehaviour { Status = status, Body = KubeletBodies.NodeOnly });

        Assert.That(failure, Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.HttpStatus, reason)));
    }

    [Test]
    public async Task A_declared_Content_Length_over_the_limit_is_refused_up_front()
    {
        var failure = await ScrapeOnce(new KubeletBehaviour { Body = new byte[4097] });

        Assert.That(failure, Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.ResponseTooLarge, "response larger than 4096 bytes")));
    }

    [Test]
    public async Task A_body_without_Content_Length_is_cut_off_at_the_limit()
    {
        var failure = await ScrapeOnce(new KubeletBehaviour { Body = new byte[4097], WithoutContentLength = true });

        Assert.That(failure, Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.ResponseTooLarge, "response larger than 4096 bytes")));
    }

    [Test]
    public async Task An_endless_body_is_cut_off_without_buffering_it()
    {
        var failure = await ScrapeOnce(new KubeletBehaviour { Endless = true });

        Assert.That(failure!.Value.Kind, Is.EqualTo(ScrapeFailureKind.ResponseTooLarge));
    }

    [Test]
    public async Task A_body_of_exactly_the_limit_is_accepted()
    {
        var failure = await ScrapeOnce(new KubeletBehaviour { Body = KubeletBodies.NodeOnlyPaddedTo(4096), WithoutContentLength = true });

        Assert.That(failure, Is.Null);
    }

    [Test]
    public async Task An_invalid_payload_names_the_decoder_error_and_its_line()
    {
        var failure = await ScrapeOnce(new KubeletBehaviour { Body = KubeletBodies.NegativeTimestamp });

        Assert.That(failure!.Value.Kind, Is.EqualTo(ScrapeFailureKind.InvalidPayload));
        Assert.That(failure.Value.Reason, Does.StartWith("invalid payload: line 4: "));
    }

    [Test]
    public async Task A_refused_connection_names_the_endpoint()
    {
        var failure = await ScrapeOnce(new KubeletBehaviour
        {
            Throws = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (10.0.0.1:10250)"),
        });

        Assert.That(failure, Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.Connection, "connection failed: Connection refused (10.0.0.1:10250)")));
    }

    [Test]
    public async Task A_body_cut_short_is_a_read_failure()
    {
        var failure = await ScrapeOnce(new KubeletBehaviour
        {
            Throws = new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."),
        });

        Assert.That(failure!.Value.Kind, Is.EqualTo(ScrapeFailureKind.Connection));
        Assert.That(failure.Value.Reason, Does.Contain("closed the connection"));
    }

    [Test]
    public async Task An_unexpected_exception_fails_only_that_node()
    {
        var failure = await ScrapeOnce(new KubeletBehaviour { Throws = new InvalidOperationException("handler bug") });

        Assert.That(failure, Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.Connection, "unexpected error: handler bug")));
    }

    [Test]
    public async Task A_throwing_decoder_fails_only_that_node()
    {
        using var harness = new ScraperHarness(Limited, decoders: () => new ThrowingDecoder());
        harness.AddKubelets(new KubeletBehaviour { Body = KubeletBodies.NodeOnly }, "node1");

        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        Assert.That(harness.State("node1").LastFailure, Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.InvalidPayload, "decoding failed: decoder bug")));
    }

    [Test]
    public async Task A_throwing_sink_does_not_stop_the_round()
    {
        var sink = new ThrowingSink();
        using var harness = new ScraperHarness(Limited);
        var recorder = new ScrapeOutcomeRecorder(sink, harness.States, harness.Metrics, Microsoft.Extensions.Logging.Abstractions.NullLogger<ScrapeOutcomeRecorder>.Instance);
        using var round = new ScrapeRound(harness.Client, KubeletPayloadDecoderAdapter.Factory, recorder, harness.Time, TimeSpan.Zero);
        harness.AddKubelets(new KubeletBehaviour { Body = KubeletBodies.NodeOnly }, "node1", "node2");
        harness.Client.Configure(Limited);
        var targets = new[]
        {
            new KubeletTarget("node1", new Uri("https://10.0.0.1:10250/metrics/resource"), true),
            new KubeletTarget("node2", new Uri("https://10.0.0.2:10250/metrics/resource"), true),
        };

        var result = await Promptly(round.RunAsync(targets, 2, Limited, TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.That(result.Scraped, Is.EqualTo(2));
        Assert.That(sink.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task Sends_a_plain_GET_without_Accept_and_with_the_bearer_token()
    {
        var credentials = new KubeletCredentials(new StaticKubeletAuthorization(new AuthenticationHeaderValue("Bearer", "s3cret")), null, null);
        using var harness = new ScraperHarness(Limited, credentials: credentials);
        harness.AddKubelets(new KubeletBehaviour { Body = KubeletBodies.NodeOnly }, "node1");

        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        var request = harness.Kubelets.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(request.RequestUri, Is.EqualTo(new Uri("https://10.0.0.1:10250/metrics/resource")));
            Assert.That(request.Headers.Accept, Is.Empty);
            Assert.That(request.Headers.Authorization, Is.EqualTo(new AuthenticationHeaderValue("Bearer", "s3cret")));
        });
    }

    [Test]
    public async Task An_unreadable_token_file_is_reported_as_a_setup_failure()
    {
        var credentials = new KubeletCredentials(new RotatingTokenFile("/nonexistent/token", TimeProvider.System), null, null);
        using var harness = new ScraperHarness(Limited, credentials: credentials);
        harness.AddKubelets(new KubeletBehaviour { Body = KubeletBodies.NodeOnly }, "node1");

        await Promptly(harness.Loop.RunRoundAsync(CancellationToken.None));

        var failure = harness.State("node1").LastFailure!.Value;
        Assert.That(failure.Kind, Is.EqualTo(ScrapeFailureKind.Setup));
        Assert.That(failure.Reason, Does.StartWith("reading token file /nonexistent/token failed"));
        Assert.That(harness.Kubelets.Requests, Is.Empty);
    }

    [Test]
    public async Task An_invalid_CA_bundle_fails_every_node_with_the_reason()
    {
        var settings = Limited with { KubeletCaBundlePem = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n" };
        using var client = new KubeletClient(KubeletCredentials.Anonymous);
        client.Configure(settings);
        using var buffer = new ResponseBuffer();

        var failure = await client.FetchAsync(new KubeletTarget("node1", new Uri("https://127.0.0.1:1/metrics/resource"), IsNodeReady: true), buffer, 4096, CancellationToken.None);

        Assert.That(failure!.Value.Kind, Is.EqualTo(ScrapeFailureKind.Setup));
        Assert.That(failure.Value.Reason, Does.StartWith("kubelet CA bundle"));
    }

    private sealed class ThrowingDecoder : IPayloadDecoder
    {
        public bool TryDecode(ReadOnlySpan<byte> payload, long defaultTimestampUnixNano, DecodedPayload into, out PayloadDecodeError error) =>
            throw new InvalidOperationException("decoder bug");
    }

    private sealed class ThrowingSink : INodeMetricsSink
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void StoreNode(string nodeName, DecodedPayload payload)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("storage bug");
        }

        public void MarkNodeFailed(string nodeName) => throw new InvalidOperationException("storage bug");

        public void RemoveNode(string nodeName) => throw new InvalidOperationException("storage bug");
    }
}
