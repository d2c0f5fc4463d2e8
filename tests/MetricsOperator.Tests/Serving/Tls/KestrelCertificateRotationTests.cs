using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MetricsOperator.Serving.Tls;
using MetricsOperator.Tests.Serving.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Serving.Tls;

/// <summary>
/// A real Kestrel on 127.0.0.1 serving through the certificate selector: it starts on the bootstrap certificate,
/// a rotated file pair reaches new connections without a restart, connections already open keep working on the
/// certificate they were opened with, and invalid files change nothing.
/// </summary>
public sealed class KestrelCertificateRotationTests
{
    [Test]
    public async Task Rotation_reaches_new_connections_and_spares_open_ones()
    {
        var directory = Directory.CreateTempSubdirectory("serving-cert-").FullName;
        try
        {
            await RotateAsync(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RotateAsync(string directory)
    {
        using var pki = new ServingPki();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new ServingCertificateOptions
        {
            CertificateFile = Path.Combine(directory, "tls.crt"),
            KeyFile = Path.Combine(directory, "tls.key"),
            FileCheckInterval = TimeSpan.FromMinutes(1),
            FileChangeDelay = TimeSpan.FromHours(1),
        };
        var source = new ServingCertificateSource(options, time, NullLogger<ServingCertificateSource>.Instance);
        using var watcher = new ServingCertificateFileWatcher(source, options, time, NullLogger<ServingCertificateFileWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);
        var bootstrap = source.Current.Certificate.Thumbprint;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await LoopbackWebApp.StartAsync(
            _ => { },
            web =>
            {
                web.MapGet("/hello", () => "hi");
                web.MapGet("/wait", async () =>
                {
                    await release.Task;
                    return "done";
                });
            },
            listen => listen.UseHttps(source.ConfigureHttps));

        using var early = new ObservingClient(app.Address);
        Assert.That(await early.GetStringAsync("/hello"), Is.EqualTo("hi"));
        Assert.That(early.Seen.Single(), Is.EqualTo(bootstrap), "the bootstrap certificate is served until files exist");
        var inFlight = early.GetStringAsync("/wait");

        var rotated = pki.Issue();
        rotated.WriteTo(directory);
        time.Advance(options.FileCheckInterval);
        Assert.That(source.IsBootstrap, Is.False);

        using var late = new ObservingClient(app.Address, HttpVersion.Version20);
        using var lateAnswer = await late.Client.GetAsync(new Uri("/hello", UriKind.Relative));
        release.SetResult();
        var finished = await inFlight;
        var reused = await early.GetStringAsync("/hello");

        Assert.Multiple(() =>
        {
            Assert.That(late.Seen.Single(), Is.EqualTo(rotated.Thumbprint), "a new connection gets the rotated certificate");
            Assert.That(lateAnswer.Version, Is.EqualTo(HttpVersion.Version20));
            Assert.That(finished, Is.EqualTo("done"), "the request in flight during the rotation completes");
            Assert.That(reused, Is.EqualTo("hi"), "the open connection goes on being used");
            Assert.That(early.Seen, Is.EqualTo(new[] { bootstrap }), "on the one connection opened with the bootstrap certificate");
        });

        File.WriteAllText(Path.Combine(directory, "tls.key"), pki.Issue("another").Key);
        time.Advance(options.FileCheckInterval);
        using var afterInvalid = new ObservingClient(app.Address);
        await afterInvalid.GetStringAsync("/hello");

        Assert.That(afterInvalid.Seen.Single(), Is.EqualTo(rotated.Thumbprint), "invalid files keep the certificate served");
    }

    /// <summary>An HTTP client on one connection per server that records the certificate of each TLS handshake.</summary>
    private sealed class ObservingClient : IDisposable
    {
        private readonly ConcurrentQueue<string> _seen = new();

        public ObservingClient(Uri address, Version? version = null)
        {
            var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 1,
                SslOptions = new SslClientAuthenticationOptions
                {
                    // The test checks which certificate arrives; trust is not what it is about.
                    RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    {
                        _seen.Enqueue(((X509Certificate2)certificate!).Thumbprint);
                        return true;
                    },
                },
            };
            Client = new HttpClient(handler)
            {
                BaseAddress = new UriBuilder(address) { Scheme = Uri.UriSchemeHttps }.Uri,
                DefaultRequestVersion = version ?? HttpVersion.Version11,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
        }

        public HttpClient Client { get; }

        public IReadOnlyCollection<string> Seen => _seen;

        public Task<string> GetStringAsync(string path) => Client.GetStringAsync(new Uri(path, UriKind.Relative));

        public void Dispose() => Client.Dispose();
    }
}
