using MetricsOperator.Serving.Tls;
using MetricsOperator.Tests.Kubernetes.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Serving.Tls;

/// <summary>The file pair is read at start, on change notifications and periodically; bad files never replace a good certificate.</summary>
public sealed class ServingCertificateFileWatcherTests
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ChangeDelay = TimeSpan.FromMilliseconds(200);

    private string _directory = null!;
    private FakeTimeProvider _time = null!;
    private CapturingLogger _log = null!;
    private ServingPki _pki = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("serving-cert-").FullName;
        _time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _log = new CapturingLogger();
        _pki = new ServingPki();
    }

    [TearDown]
    public void TearDown()
    {
        _pki.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Missing_files_keep_the_bootstrap_certificate_and_say_which_file()
    {
        var (source, watcher) = Create();
        using var _ = watcher;

        await watcher.StartAsync(CancellationToken.None);

        Assert.That(source.IsBootstrap, Is.True);
        Assert.That(_log.Entries.Single(e => e.Level == LogLevel.Warning).Message, Does.Contain("tls.crt file").And.Contain("does not exist"));
    }

    [Test]
    public async Task Files_present_at_start_are_served_at_once()
    {
        var issued = _pki.Issue();
        issued.WriteTo(_directory);
        var (source, watcher) = Create();
        using var _ = watcher;

        await watcher.StartAsync(CancellationToken.None);

        Assert.That(source.Current.Certificate.Thumbprint, Is.EqualTo(issued.Thumbprint));
        Assert.That(source.Current.Origin, Is.EqualTo(ServingCertificateOrigin.Files));
    }

    [Test]
    public async Task The_periodic_check_picks_up_files_that_appear_later()
    {
        var (source, watcher) = Create(changeDelay: TimeSpan.FromHours(1));
        using var _ = watcher;
        await watcher.StartAsync(CancellationToken.None);

        var issued = _pki.Issue();
        issued.WriteTo(_directory);
        _time.Advance(CheckInterval);

        Assert.That(source.IsBootstrap, Is.False);
        Assert.That(source.Current.Certificate.Thumbprint, Is.EqualTo(issued.Thumbprint));
    }

    [Test]
    public async Task A_change_notification_reloads_after_the_quiet_delay()
    {
        var (source, watcher) = Create(checkInterval: TimeSpan.FromDays(1));
        using var _ = watcher;
        _pki.Issue().WriteTo(_directory);
        await watcher.StartAsync(CancellationToken.None);

        var rotated = _pki.Issue("rotated");
        rotated.WriteTo(_directory);

        Assert.That(await Eventually(() => source.Current.Certificate.Thumbprint == rotated.Thumbprint), Is.True, "reloaded after the notification");
    }

    [Test]
    public async Task A_kubernetes_style_symlink_swap_is_noticed()
    {
        // Secret volumes hold tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>; an update renames a new ..data over the old.
        var first = _pki.Issue("first");
        WriteVersion("..v1", first);
        Directory.CreateSymbolicLink(Path.Combine(_directory, "..data"), "..v1");
        File.CreateSymbolicLink(Path.Combine(_directory, "tls.crt"), "..data/tls.crt");
        File.CreateSymbolicLink(Path.Combine(_directory, "tls.key"), "..data/tls.key");
        var (source, watcher) = Create(checkInterval: TimeSpan.FromDays(1));
        using var _ = watcher;
        await watcher.StartAsync(CancellationToken.None);
        Assert.That(source.Current.Certificate.Thumbprint, Is.EqualTo(first.Thumbprint));

        var second = _pki.Issue("second");
        WriteVersion("..v2", second);
        Directory.CreateSymbolicLink(Path.Combine(_directory, "..data_tmp"), "..v2");
        AtomicRename.Replace(Path.Combine(_directory, "..data_tmp"), Path.Combine(_directory, "..data"));

        Assert.That(await Eventually(() => source.Current.Certificate.Thumbprint == second.Thumbprint), Is.True, "reloaded after the swap");
    }

    [Test]
    public async Task Invalid_files_keep_the_current_certificate()
    {
        var good = _pki.Issue();
        good.WriteTo(_directory);
        var (source, watcher) = Create();
        using var _ = watcher;
        await watcher.StartAsync(CancellationToken.None);

        File.WriteAllText(Path.Combine(_directory, "tls.key"), _pki.Issue("other").Key);
        var mismatched = watcher.Reload();
        File.WriteAllText(Path.Combine(_directory, "tls.crt"), "-----BEGIN CERTIFICATE-----\ntruncated");
        var truncated = watcher.Reload();
        File.WriteAllBytes(Path.Combine(_directory, "tls.crt"), new byte[ServingCertificateFileWatcher.MaxFileBytes + 1]);
        var oversized = watcher.Reload();

        Assert.Multiple(() =>
        {
            Assert.That(mismatched.Reason, Does.Contain("do not form a certificate"));
            Assert.That(truncated.Reason, Does.Contain("tls.crt holds no PEM certificate"));
            Assert.That(oversized.Reason, Does.Contain("more than a certificate file can be"));
            Assert.That(source.Current.Certificate.Thumbprint, Is.EqualTo(good.Thumbprint));
            Assert.That(source.Current.Origin, Is.EqualTo(ServingCertificateOrigin.Files));
        });
    }

    [Test]
    public async Task The_ca_file_is_served_as_the_ca_bundle()
    {
        _pki.Issue().WriteTo(_directory);
        File.WriteAllText(Path.Combine(_directory, "ca.crt"), _pki.CaPem);
        var (source, watcher) = Create(withCa: true);
        using var _ = watcher;

        await watcher.StartAsync(CancellationToken.None);

        Assert.That(source.Current.CaBundlePem?.Trim(), Is.EqualTo(_pki.CaPem.Trim()));
    }

    private void WriteVersion(string name, ServingPki.Pem pem)
    {
        var version = Directory.CreateDirectory(Path.Combine(_directory, name)).FullName;
        pem.WriteTo(version);
    }

    // Change notifications arrive on their own thread; the quiet-delay timer runs on the fake clock.
    private async Task<bool> Eventually(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 250; attempt++)
        {
            _time.Advance(ChangeDelay);
            if (condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    private (ServingCertificateSource Source, ServingCertificateFileWatcher Watcher) Create(
        TimeSpan? checkInterval = null, TimeSpan? changeDelay = null, bool withCa = false)
    {
        var options = new ServingCertificateOptions
        {
            CertificateFile = Path.Combine(_directory, "tls.crt"),
            KeyFile = Path.Combine(_directory, "tls.key"),
            CaFile = withCa ? Path.Combine(_directory, "ca.crt") : null,
            FileCheckInterval = checkInterval ?? CheckInterval,
            FileChangeDelay = changeDelay ?? ChangeDelay,
        };
        var source = new ServingCertificateSource(options, _time, new LoggerAdapter<ServingCertificateSource>(_log));
        return (source, new ServingCertificateFileWatcher(source, options, _time, new LoggerAdapter<ServingCertificateFileWatcher>(_log)));
    }
}
