using System.IO.Compression;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Tests.KubeletFarm;

[TestFixture]
internal sealed class KubeletFarmHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private TimerSignallingTimeProvider _clock = null!;
    private TestCertificateAuthority _clientAuthority = null!;
    private KubeletFarmHost _farm = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartFarm()
    {
        _clock = new TimerSignallingTimeProvider(FarmTestNodes.Epoch);
        _clientAuthority = TestCertificateAuthority.Create("farm-test-client-ca");
        _farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 3,
            BaseAddress = IPAddress.Parse("127.11.0.0"),
            Port = 0,
            TimeProvider = _clock,
            Workload = new WorkloadShape { PodsPerNode = 5 },
            ClientCertificateAuthority = _clientAuthority,
            MetricsPaths = [KubeletFarmOptions.ResourceMetricsPath, "/metrics/custom"],
            GoTls13CipherOrder = true,
        });
        _client = _farm.CreateHttpClient();
    }

    [OneTimeTearDown]
    public async Task StopFarm()
    {
        _client.Dispose();
        await _farm.DisposeAsync();
        _clientAuthority.Dispose();
    }

    [SetUp]
    public void ClearFaults()
    {
        foreach (var node in _farm.Nodes)
        {
            node.Fault = KubeletFault.None;
        }
    }

    [Test]
    public async Task Every_node_answers_over_tls_with_its_own_workload()
    {
        Assert.That(_farm.Nodes.Select(n => n.Address.ToString()), Is.EqualTo(new[] { "127.11.0.1", "127.11.0.2", "127.11.0.3" }));
        Assert.That(_farm.Nodes.Select(n => n.Port), Is.All.GreaterThan(0));
        foreach (var node in _farm.Nodes)
        {
            var before = node.RequestCount;
            using var response = await _client.GetAsync(_farm.MetricsUri(node));

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Version, Is.EqualTo(HttpVersion.Version11));
            Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
            Assert.That(response.Headers.TransferEncodingChunked, Is.True, "like Go's net/http for bodies over 2 KiB");
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(new KubeletPayloadRenderer().RenderToString(node)));
            Assert.That(node.RequestCount, Is.EqualTo(before + 1));
        }
    }

    [Test]
    public async Task Serving_certificates_name_the_node_address_and_chain_to_the_farm_ca()
    {
        var node = _farm.Nodes[1];
        X509Certificate2? presented = null;
        using var handler = _farm.CreateHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            presented = certificate is null ? null : new X509Certificate2(certificate);
            return errors == System.Net.Security.SslPolicyErrors.None;
        };
        using var client = new HttpClient(handler);
        client.DefaultRequestHeaders.Authorization = new("Bearer", KubeletFarmOptions.DefaultBearerToken);

        using var response = await client.GetAsync(_farm.MetricsUri(node));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(presented, Is.Not.Null);
        Assert.That(presented!.Thumbprint, Is.EqualTo(_farm.ServingCertificateOf(node).Thumbprint));
        Assert.That(presented.MatchesHostname(node.Address.ToString()), Is.True);
        Assert.That(_farm.CertificateAuthority.IsValidServerCertificate(presented), Is.True);
    }

    [Test]
    public void A_client_that_does_not_trust_the_farm_ca_fails_the_handshake()
    {
        using var client = new HttpClient();

        Assert.That(
            async () => await client.GetAsync(_farm.MetricsUri(_farm.Nodes[0])),
            Throws.TypeOf<HttpRequestException>().With.InnerException.TypeOf<AuthenticationException>());
    }

    [Test]
    public async Task Requests_without_an_accepted_token_get_401()
    {
        var node = _farm.Nodes[0];
        var refusedBefore = node.UnauthorizedRequestCount;
        using var anonymous = _farm.CreateHttpClient(bearerToken: string.Empty);
        using var wrong = _farm.CreateHttpClient(bearerToken: "not-the-token");

        using var withoutToken = await anonymous.GetAsync(_farm.MetricsUri(node));
        using var withWrongToken = await wrong.GetAsync(_farm.MetricsUri(node));

        Assert.That(withoutToken.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(withWrongToken.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await withoutToken.Content.ReadAsStringAsync(), Is.EqualTo("Unauthorized\n"));
        Assert.That(node.UnauthorizedRequestCount, Is.EqualTo(refusedBefore + 2));
    }

    [Test]
    public async Task A_valid_client_certificate_replaces_the_token()
    {
        using var valid = _clientAuthority.IssueClientCertificate("system:metrics-operator", ["system:monitoring"]);
        using var expired = _clientAuthority.IssueClientCertificate("late", validity: CertificateValidity.Expired(TimeProvider.System));
        using var foreignAuthority = TestCertificateAuthority.Create("not-trusted-for-clients");
        using var foreign = foreignAuthority.IssueClientCertificate("intruder");

        Assert.That(await StatusWithCertificate(valid), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusWithCertificate(expired), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await StatusWithCertificate(foreign), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Gzip_is_used_when_the_client_accepts_it()
    {
        var node = _farm.Nodes[2];
        using var request = new HttpRequestMessage(HttpMethod.Get, _farm.MetricsUri(node));
        request.Headers.AcceptEncoding.ParseAdd("deflate, gzip;q=0.9");

        using var response = await _client.SendAsync(request);
        var compressed = await response.Content.ReadAsByteArrayAsync();

        Assert.That(response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        await using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var text = await reader.ReadToEndAsync();
        Assert.That(text, Is.EqualTo(new KubeletPayloadRenderer().RenderToString(node)));
        Assert.That(compressed.Length, Is.LessThan(text.Length / 4));
    }

    [Test]
    public async Task Only_the_configured_paths_and_get_are_served()
    {
        var node = _farm.Nodes[0];

        using var custom = await _client.GetAsync(_farm.MetricsUri(node, "/metrics/custom"));
        using var other = await _client.GetAsync(_farm.MetricsUri(node, "/metrics/cadvisor"));
        using var post = await _client.PostAsync(_farm.MetricsUri(node), new StringContent(string.Empty));

        Assert.That(custom.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task Server_error_fault_answers_500_on_that_node_only()
    {
        _farm.Nodes[0].Fault = KubeletFault.ServerError;

        using var faulted = await _client.GetAsync(_farm.MetricsUri(_farm.Nodes[0]));
        using var healthy = await _client.GetAsync(_farm.MetricsUri(_farm.Nodes[1]));

        Assert.That(faulted.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(healthy.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void Connection_reset_fault_aborts_without_a_response()
    {
        _farm.Nodes[0].Fault = KubeletFault.ConnectionReset;

        Assert.That(async () => await _client.GetAsync(_farm.MetricsUri(_farm.Nodes[0])), Throws.TypeOf<HttpRequestException>());
    }

    [Test]
    public async Task Hang_fault_never_answers_until_the_client_gives_up()
    {
        var node = _farm.Nodes[1];
        node.Fault = KubeletFault.Hang;
        using var impatient = _farm.CreateHttpClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(300);

        Assert.That(async () => await impatient.GetAsync(_farm.MetricsUri(node)), Throws.InstanceOf<TaskCanceledException>());

        node.Fault = KubeletFault.None;
        using var afterwards = await _client.GetAsync(_farm.MetricsUri(node));
        Assert.That(afterwards.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Delay_fault_answers_once_the_farm_clock_has_moved_on()
    {
        var node = _farm.Nodes[2];
        var delay = TimeSpan.FromSeconds(8);
        node.Fault = KubeletFault.Delayed(delay);
        _clock.ExpectTimer();

        var pending = _client.GetAsync(_farm.MetricsUri(node));
        await _clock.TimerCreated.WaitAsync(Patience);
        _clock.Advance(delay - TimeSpan.FromMilliseconds(1));
        Assert.That(pending.IsCompleted, Is.False);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await pending.WaitAsync(Patience);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(KubeletFaultKind.MalformedBody, PayloadVariant.Malformed)]
    [TestCase(KubeletFaultKind.ZeroValues, PayloadVariant.ZeroValues)]
    [TestCase(KubeletFaultKind.NotANumber, PayloadVariant.NotANumber)]
    public async Task Body_faults_send_the_faulty_payload_with_200(KubeletFaultKind kind, PayloadVariant variant)
    {
        var node = _farm.Nodes[0];
        node.Fault = new KubeletFault(kind);

        using var response = await _client.GetAsync(_farm.MetricsUri(node));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(new KubeletPayloadRenderer().RenderToString(node, variant)));
    }

    [Test]
    public async Task Oversized_fault_sends_eleven_mebibytes_chunked()
    {
        var node = _farm.Nodes[1];
        node.Fault = KubeletFault.Oversized();

        using var response = await _client.GetAsync(_farm.MetricsUri(node), HttpCompletionOption.ResponseHeadersRead);

        Assert.That(response.Headers.TransferEncodingChunked, Is.True, "a scraper cannot rely on Content-Length to spot it");
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Has.Length.EqualTo(11 << 20));
    }

    [Test]
    public async Task A_restart_is_visible_in_the_next_scrape()
    {
        var node = _farm.Nodes[2];
        var container = node.Pods[0].Containers[0];
        var before = container.StartTime;
        _clock.Advance(TimeSpan.FromSeconds(1));

        node.RestartContainer(container);
        var body = await _client.GetStringAsync(_farm.MetricsUri(node));

        var start = ExpositionSample.ParseAll(body).Single(s => s.Name == "container_start_time_seconds" && s.Key == $"{container.Name}/{container.Namespace}/{container.PodName}");
        Assert.That(start.Value, Is.EqualTo(_clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0).Within(0.001));
        Assert.That(container.StartTime, Is.GreaterThan(before));
    }

    [Test]
    public async Task Http2_is_offered_through_alpn()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _farm.MetricsUri(_farm.Nodes[0]))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await _client.SendAsync(request);

        Assert.That(response.Version, Is.EqualTo(HttpVersion.Version20));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public async Task Tls_suite_is_the_one_a_go_kubelet_picks_not_the_clients_first_choice()
    {
        // A .NET client lists AES-256-GCM first; a kubelet (Go) answers with its own first choice, AES-128-GCM.
        Assert.That(await NegotiatedSuite(clientPolicy: null), Is.EqualTo(TlsCipherSuite.TLS_AES_128_GCM_SHA256));
        Assert.That(
            await NegotiatedSuite(new CipherSuitesPolicy([TlsCipherSuite.TLS_AES_256_GCM_SHA384])),
            Is.EqualTo(TlsCipherSuite.TLS_AES_256_GCM_SHA384));
    }

    [Test]
    public void Nodes_can_be_found_by_name()
    {
        Assert.That(_farm["farm-node-00001"], Is.SameAs(_farm.Nodes[1]));
        Assert.That(() => _farm["missing"], Throws.TypeOf<KeyNotFoundException>());
    }

    private async Task<TlsCipherSuite> NegotiatedSuite(CipherSuitesPolicy? clientPolicy)
    {
        var uri = _farm.MetricsUri(_farm.Nodes[0]);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = uri.Host,
            CipherSuitesPolicy = clientPolicy,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && _farm.CertificateAuthority.IsValidServerCertificate(new X509Certificate2(certificate)),
        });
        return tls.NegotiatedCipherSuite;
    }

    private async Task<HttpStatusCode> StatusWithCertificate(X509Certificate2 certificate)
    {
        using var client = _farm.CreateHttpClient(bearerToken: string.Empty, clientCertificate: certificate);
        using var response = await client.GetAsync(_farm.MetricsUri(_farm.Nodes[0]));
        return response.StatusCode;
    }
}
