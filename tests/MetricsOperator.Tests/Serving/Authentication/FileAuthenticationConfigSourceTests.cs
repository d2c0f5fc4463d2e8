using MetricsOperator.Serving.Authentication;
using MetricsOperator.Tests.Serving.Authentication.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Serving.Authentication;

public sealed class FileAuthenticationConfigSourceTests
{
    private TestPki _pki = null!;
    private string _directory = null!;
    private string _clientCaFile = null!;
    private string _frontProxyCaFile = null!;

    [SetUp]
    public void WriteFiles()
    {
        _pki = new TestPki();
        _directory = Directory.CreateTempSubdirectory("auth-files-").FullName;
        _clientCaFile = Path.Combine(_directory, "client-ca.crt");
        _frontProxyCaFile = Path.Combine(_directory, "front-proxy-ca.crt");
        File.WriteAllText(_clientCaFile, _pki.ClientAuthority.CertificatePem);
        File.WriteAllText(_frontProxyCaFile, _pki.FrontProxyAuthority.CertificatePem);
    }

    [TearDown]
    public void DeleteFiles()
    {
        Directory.Delete(_directory, recursive: true);
        _pki.Dispose();
    }

    [Test]
    public void The_files_and_the_explicit_header_options_make_the_configuration()
    {
        using var source = Create(new FakeTimeProvider(), options => options with
        {
            RequestHeaderAllowedNames = ["aggregator"],
            RequestHeaderUsernameHeaders = ["X-Proxy-User"],
        });

        var config = source.Current;

        Assert.Multiple(() =>
        {
            Assert.That(source.HasSynced, Is.True);
            Assert.That(config.ClientAuthorities?.Pem, Is.EqualTo(_pki.ClientAuthority.CertificatePem));
            Assert.That(config.ClientAuthorities?.Origin, Is.EqualTo(_clientCaFile));
            Assert.That(config.RequestHeader.Authorities?.Pem, Is.EqualTo(_pki.FrontProxyAuthority.CertificatePem));
            Assert.That(config.RequestHeader.AllowedNames, Is.EqualTo(new[] { "aggregator" }));
            Assert.That(config.RequestHeader.UsernameHeaders, Is.EqualTo(new[] { "X-Proxy-User" }));
            Assert.That(config.RequestHeader.GroupHeaders, Is.EqualTo(new[] { "X-Remote-Group" }));
        });
    }

    [Test]
    public void A_rotated_file_is_applied_at_the_next_check_and_an_unchanged_one_keeps_its_bundle()
    {
        var clock = new FakeTimeProvider();
        using var source = Create(clock);
        var before = source.Current;

        clock.Advance(TimeSpan.FromMinutes(1));
        var unchanged = source.Current;
        File.WriteAllText(_clientCaFile, _pki.RogueAuthority.CertificatePem);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(unchanged, Is.SameAs(before));
            Assert.That(source.Current.ClientAuthorities?.Pem, Is.EqualTo(_pki.RogueAuthority.CertificatePem));
            Assert.That(source.Current.RequestHeader.Authorities, Is.SameAs(before.RequestHeader.Authorities));
        });
    }

    [Test]
    public void A_broken_or_vanished_file_is_refused_and_the_previous_configuration_stays()
    {
        using var source = Create(new FakeTimeProvider());
        var before = source.Current;

        File.WriteAllText(_clientCaFile, "garbage");
        var afterGarbage = source.Reload();
        File.Delete(_clientCaFile);
        var afterDelete = source.Reload();

        Assert.That((afterGarbage, afterDelete, source.Current), Is.EqualTo((false, false, before)));
    }

    [Test]
    public void A_bad_file_at_start_fails_with_its_path_named()
    {
        File.WriteAllText(_frontProxyCaFile, "not a certificate");

        Assert.That(() => Create(new FakeTimeProvider()), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo($"{_frontProxyCaFile} holds no PEM certificate"));
    }

    [Test]
    public void Only_a_client_CA_file_leaves_the_front_proxy_disabled()
    {
        using var source = Create(new FakeTimeProvider(), options => options with { RequestHeaderClientCaFile = null });

        Assert.That(source.Current.RequestHeader.Authorities, Is.Null);
        Assert.That(source.Current.ClientAuthorities, Is.Not.Null);
    }

    private FileAuthenticationConfigSource Create(TimeProvider clock, Func<KubernetesAuthenticationOptions, KubernetesAuthenticationOptions>? adjust = null)
    {
        var options = new KubernetesAuthenticationOptions { ClientCaFile = _clientCaFile, RequestHeaderClientCaFile = _frontProxyCaFile };
        return new FileAuthenticationConfigSource(adjust?.Invoke(options) ?? options, clock, NullLogger<FileAuthenticationConfigSource>.Instance);
    }
}
