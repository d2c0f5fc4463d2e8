using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Scraping;
using MetricsOperator.Tests.Kubernetes.Testing;

namespace MetricsOperator.Tests.Scraping;

/// <summary>
/// Pins that SSL_MODE_RELEASE_BUFFERS reaches the kubelet connections on this runtime: it goes through SslStream's
/// private state, which a runtime update may change (the class then logs once and leaves connections as they are).
/// </summary>
internal sealed class OpenSslIdleBuffersTests
{
    [Test]
    public void The_runtime_exposes_what_setting_the_mode_needs()
    {
        // Only Linux uses OpenSSL: elsewhere the class must say why it does nothing.
        Assert.That(OpenSslIdleBuffers.Unavailable, OperatingSystem.IsLinux() ? Is.Null : Is.Not.Null);
    }

    [Test]
    public async Task An_established_tls_stream_gets_the_mode()
    {
        using var ca = TestCertificateAuthority.Create("idle-buffers-ca");
        using var certificate = ca.IssueServerCertificate("localhost", [IPAddress.Loopback]);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        var accepting = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await accepting;
        await using var server = new SslStream(accepted.GetStream());
        await using var tls = new SslStream(client.GetStream(), false, static (_, _, _, _) => true);
        await Task.WhenAll(
            server.AuthenticateAsServerAsync(certificate),
            tls.AuthenticateAsClientAsync("localhost"));

        var released = OpenSslIdleBuffers.TryRelease(tls, out var reason);

        Assert.That(released, Is.EqualTo(OperatingSystem.IsLinux()), reason);
    }

    [Test]
    public void A_stream_that_is_not_tls_is_returned_untouched_and_nothing_is_logged()
    {
        var logger = new CapturingLogger();
        using var plain = new MemoryStream();

        var returned = new OpenSslIdleBuffers(logger).Apply(plain);

        Assert.That(returned, Is.SameAs(plain));
        Assert.That(logger.Entries, Is.Empty);
    }

    [Test]
    public async Task The_kubelet_handler_sets_the_mode_on_each_new_connection()
    {
        await using var farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 1,
            BaseAddress = IPAddress.Parse("127.65.0.0"),
            Port = 0,
            EnableHttp2 = false,
        });
        var logger = new CapturingLogger();
        var settings = KubeletTransportSettings.From(new ScrapeSettings { InsecureSkipKubeletTlsVerify = true });
        var (handler, _) = KubeletHandlerFactory.Create(settings, KubeletCredentials.Anonymous, new OpenSslIdleBuffers(logger));
        using var invoker = new HttpMessageInvoker(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, farm.MetricsUri(farm.Nodes[0]));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KubeletFarmOptions.DefaultBearerToken);

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(handler.PlaintextStreamFilter, Is.Not.Null);
        // Elsewhere than Linux the first connection logs once why the mode is not set.
        Assert.That(logger.Entries, OperatingSystem.IsLinux() ? Is.Empty : Has.Count.EqualTo(1), "setting the mode failed on a kubelet connection");
    }
}
