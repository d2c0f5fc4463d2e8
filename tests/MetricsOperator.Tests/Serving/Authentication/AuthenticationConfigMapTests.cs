using k8s.Models;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Tests.Serving.Authentication.Testing;

namespace MetricsOperator.Tests.Serving.Authentication;

public sealed class AuthenticationConfigMapTests
{
    private TestPki _pki = null!;

    [SetUp]
    public void CreatePki() => _pki = new TestPki();

    [TearDown]
    public void DisposePki() => _pki.Dispose();

    [Test]
    public void Reads_both_CAs_the_allowed_names_and_the_header_names()
    {
        var configMap = _pki.ConfigMap("""["front-proxy-client","aggregator"]""");
        configMap.Data[AuthenticationConfigMap.UsernameHeadersKey] = """["X-Remote-User","X-Proxy-User"]""";
        configMap.Data[AuthenticationConfigMap.UidHeadersKey] = """["X-Remote-Uid"]""";

        var config = AuthenticationConfigMap.Parse(configMap);

        Assert.Multiple(() =>
        {
            Assert.That(config.ClientAuthorities?.Pem, Is.EqualTo(_pki.ClientAuthority.CertificatePem));
            Assert.That(config.RequestHeader.Authorities?.Pem, Is.EqualTo(_pki.FrontProxyAuthority.CertificatePem));
            Assert.That(config.RequestHeader.AllowedNames, Is.EqualTo(new[] { "front-proxy-client", "aggregator" }));
            Assert.That(config.RequestHeader.UsernameHeaders, Is.EqualTo(new[] { "X-Remote-User", "X-Proxy-User" }));
            Assert.That(config.RequestHeader.UidHeaders, Is.EqualTo(new[] { "X-Remote-Uid" }));
            Assert.That(config.RequestHeader.GroupHeaders, Is.EqualTo(new[] { "X-Remote-Group" }));
            Assert.That(config.RequestHeader.ExtraHeaderPrefixes, Is.EqualTo(new[] { "X-Remote-Extra-" }));
        });
    }

    [Test]
    public void Missing_or_blank_header_keys_fall_back_to_the_X_Remote_defaults_and_missing_CAs_disable_their_authenticator()
    {
        var configMap = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = AuthenticationConfigMap.DefaultName, NamespaceProperty = "kube-system" },
            Data = new Dictionary<string, string> { [AuthenticationConfigMap.GroupHeadersKey] = "  " },
        };

        var config = AuthenticationConfigMap.Parse(configMap);

        Assert.Multiple(() =>
        {
            Assert.That(config.ClientAuthorities, Is.Null);
            Assert.That(config.RequestHeader.Authorities, Is.Null);
            Assert.That(config.RequestHeader.AllowedNames, Is.Empty);
            Assert.That(config.RequestHeader.UsernameHeaders, Is.EqualTo(new[] { "X-Remote-User" }));
            Assert.That(config.RequestHeader.GroupHeaders, Is.EqualTo(new[] { "X-Remote-Group" }));
            Assert.That(config.RequestHeader.ExtraHeaderPrefixes, Is.EqualTo(new[] { "X-Remote-Extra-" }));
            Assert.That(AuthenticationConfigMap.Parse(new V1ConfigMap()).ClientAuthorities, Is.Null, "no data at all");
        });
    }

    [TestCase(AuthenticationConfigMap.ClientCaKey, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n", "key client-ca-file is not a valid PEM certificate bundle")]
    [TestCase(AuthenticationConfigMap.RequestHeaderCaKey, "just text", "key requestheader-client-ca-file holds no PEM certificate")]
    [TestCase(AuthenticationConfigMap.AllowedNamesKey, "front-proxy-client", "key requestheader-allowed-names is not a JSON array of strings")]
    [TestCase(AuthenticationConfigMap.AllowedNamesKey, "[1]", "key requestheader-allowed-names is not a JSON array of strings")]
    [TestCase(AuthenticationConfigMap.AllowedNamesKey, "[null]", "key requestheader-allowed-names is not a JSON array of strings")]
    [TestCase(AuthenticationConfigMap.AllowedNamesKey, "null", "key requestheader-allowed-names is not a JSON array of strings")]
    [TestCase(AuthenticationConfigMap.UsernameHeadersKey, """["X Remote User"]""", "key requestheader-username-headers: header name \"X Remote User\" contains ' '")]
    [TestCase(AuthenticationConfigMap.GroupHeadersKey, """[""]""", "key requestheader-group-headers: a header name is empty")]
    public void A_bad_value_is_refused_with_a_message_naming_the_ConfigMap_and_the_key(string key, string value, string expected)
    {
        var configMap = _pki.ConfigMap();
        configMap.Data[key] = value;

        Assert.That(() => AuthenticationConfigMap.Parse(configMap), Throws.InstanceOf<InvalidDataException>()
            .With.Message.StartsWith("ConfigMap kube-system/extension-apiserver-authentication " + expected));
    }

    [Test]
    public void Unchanged_CA_bundles_are_reused_so_cached_verifications_survive_unrelated_updates()
    {
        var first = AuthenticationConfigMap.Parse(_pki.ConfigMap());
        var second = AuthenticationConfigMap.Parse(_pki.ConfigMap("[]"), first);
        var rotated = AuthenticationConfigMap.Parse(_pki.ConfigMap("[]", clientCaPem: _pki.RogueAuthority.CertificatePem), second);

        Assert.Multiple(() =>
        {
            Assert.That(second.ClientAuthorities, Is.SameAs(first.ClientAuthorities));
            Assert.That(second.RequestHeader.Authorities, Is.SameAs(first.RequestHeader.Authorities));
            Assert.That(second.RequestHeader.AllowedNames, Is.Empty);
            Assert.That(rotated.ClientAuthorities, Is.Not.SameAs(first.ClientAuthorities));
            Assert.That(rotated.RequestHeader.Authorities, Is.SameAs(first.RequestHeader.Authorities));
        });
    }

    [Test]
    public void A_bundle_carrying_old_and_new_CAs_during_a_rotation_verifies_certificates_of_either()
    {
        var bundle = CertificateAuthorityBundle.Parse(_pki.ClientAuthority.CertificatePem + "\n" + _pki.RogueAuthority.CertificatePem, "both");
        using var old = _pki.Client("old");
        using var @new = _pki.RogueAuthority.IssueClientCertificate("new");
        using var stranger = _pki.FrontProxyClient();

        Assert.Multiple(() =>
        {
            Assert.That(bundle.Count, Is.EqualTo(2));
            Assert.That(bundle.Verify(old, DateTimeOffset.UtcNow).IsValid, Is.True);
            Assert.That(bundle.Verify(@new, DateTimeOffset.UtcNow).IsValid, Is.True);
            Assert.That(bundle.Verify(stranger, DateTimeOffset.UtcNow).Error, Does.EndWith(" failed: x509: certificate signed by unknown authority"));
        });
    }

    [Test]
    public void A_refusal_holds_for_good_unless_a_certificate_is_not_yet_valid_and_a_success_only_within_the_validity()
    {
        var bundle = CertificateAuthorityBundle.Parse(_pki.ClientAuthority.CertificatePem, "client-ca");
        using var certificate = _pki.Client("jane");
        using var future = _pki.ClientAuthority.IssueClientCertificate("later", validity: MetricsOperator.KubeletFarm.CertificateValidity.NotYetValid(TimeProvider.System));
        using var stranger = _pki.RogueAuthority.IssueClientCertificate("stranger");
        var now = DateTimeOffset.UtcNow;

        var valid = bundle.Verify(certificate, now);
        var early = bundle.Verify(future, now);
        var unknown = bundle.Verify(stranger, now);

        Assert.Multiple(() =>
        {
            Assert.That(valid.Subject.CommonName, Is.EqualTo("jane"));
            Assert.That(valid.HoldsAt(now.AddDays(1)), Is.True);
            Assert.That(valid.HoldsAt(new DateTimeOffset(certificate.NotAfter.ToUniversalTime()).AddSeconds(1)), Is.False);
            Assert.That(early.Error, Does.Contain("is before"));
            Assert.That(early.HoldsAt(new DateTimeOffset(future.NotBefore.ToUniversalTime())), Is.False, "re-checked once it becomes valid");
            Assert.That(unknown.HoldsAt(now.AddYears(5)), Is.True);
        });
    }

    [Test]
    public void Verification_failures_are_worded_as_the_API_server_logs_them()
    {
        var bundle = CertificateAuthorityBundle.Parse(_pki.ClientAuthority.CertificatePem, "client-ca");
        using var certificate = _pki.Client("jane");
        using var serving = _pki.ClientAuthority.IssueServerCertificate("server", [System.Net.IPAddress.Loopback]);
        var later = new DateTimeOffset(certificate.NotAfter.ToUniversalTime()).AddDays(1);

        Assert.Multiple(() =>
        {
            Assert.That(bundle.Verify(certificate, later).Error, Does.Match(
                // The test CA adds no subject key identifier to leaves.
                "^verifying certificate SN=[0-9]+, SKID=<none>, AKID=([0-9A-F]{2}:)+[0-9A-F]{2} failed: "
                + "x509: certificate has expired or is not yet valid: current time [0-9T:-]+Z is after [0-9T:-]+Z$"));
            Assert.That(bundle.Verify(serving, DateTimeOffset.UtcNow).Error, Does.EndWith(" failed: x509: certificate specifies an incompatible key usage"));
        });
    }
}
