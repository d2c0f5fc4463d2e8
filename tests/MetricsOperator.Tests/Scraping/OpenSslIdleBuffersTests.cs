using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
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
    public async Task The_kubelet_transport_sets_the_mode_on_each_new_connection()
    {
        await using var farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 1,
            BaseAddress = IPAddress.Parse("127.65.0.0"),
            Port = 0,
            EnableHttp2 = false,
        });
        var logger = new CapturingLogger();
        SslStream? established = null;
        var credentials = new KubeletCredentials(
            new StaticKubeletAuthorization(new AuthenticationHeaderValue("Bearer", KubeletFarmOptions.DefaultBearerToken)), null, null);
        using var client = new KubeletClient(
            credentials, (settings, credentials) => KubeletTransport.Create(settings, credentials, new OpenSslIdleBuffers(logger), stream => established = stream));
        client.Configure(new ScrapeSettings { InsecureSkipKubeletTlsVerify = true });
        using var buffer = new ResponseBuffer();

        var failure = await client.FetchAsync(
            new KubeletTarget("node", farm.MetricsUri(farm.Nodes[0]), IsNodeReady: true), buffer, 1 << 20, CancellationToken.None);

        Assert.That(failure, Is.Null);
        Assert.That(established, Is.Not.Null);
        if (OperatingSystem.IsLinux())
        {
            // SSL_CTRL_MODE with no bits to add returns the mode as it is; the connection is still open (pooled).
            Assert.That(SslCtrl(SslOf(established!), 33, 0, 0) & 0x10, Is.EqualTo((nint)0x10), "SSL_MODE_RELEASE_BUFFERS is set");
        }

        // Elsewhere than Linux the first connection logs once why the mode is not set.
        Assert.That(logger.Entries, OperatingSystem.IsLinux() ? Is.Empty : Has.Count.EqualTo(1), "setting the mode failed on a kubelet connection");
    }

    private static nint SslOf(SslStream stream)
    {
        var field = typeof(SslStream).GetField("_securityContext", BindingFlags.Instance | BindingFlags.NonPublic);
        return ((SafeHandle)field!.GetValue(stream)!).DangerousGetHandle();
    }

    [DllImport("libssl.so.3", EntryPoint = "SSL_ctrl")]
    private static extern nint SslCtrl(nint ssl, int command, nint larg, nint parg);
}
