using System.Net;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Tests.Serving.Authentication.Testing;
using static MetricsOperator.Tests.Serving.Authentication.Testing.HttpResponses;

namespace MetricsOperator.Tests.Serving.Authentication;

/// <summary>
/// Front-proxy and client-certificate authentication over real TLS (Kestrel, HttpClient with client certificates),
/// including the attacks the issue lists, on HTTP/2 and HTTP/1.1.
/// </summary>
[TestFixture("2.0")]
[TestFixture("1.1")]
public sealed class CertificateAuthenticationTests
{
    private readonly Version _version;
    private TestPki _pki = null!;
    private AccessControlTestServer _server = null!;

    public CertificateAuthenticationTests(string version) => _version = Version.Parse(version);

    [SetUp]
    public async Task StartServer()
    {
        _pki = new TestPki();
        _server = await AccessControlTestServer.StartAsync(_pki);
    }

    [TearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    [Test]
    public async Task A_front_proxy_certificate_with_an_allowed_name_vouches_for_the_user_groups_and_extra_in_the_headers()
    {
        using var proxy = _pki.FrontProxyClient();
        using var client = _server.Client(proxy, _version);

        using var response = await client.SendExactAsync(Get(
            "/apis/metrics.k8s.io/v1beta1/nodes",
            ("X-Remote-User", "alice"),
            ("X-Remote-Group", "dev"),
            ("X-Remote-Extra-Scopes", "view"),
            ("X-Remote-Extra-Acme.com%2Fproject", "blue")));
        var caller = await response.EchoedCallerAsync();

        Assert.Multiple(() =>
        {
            Assert.That(caller.User, Is.EqualTo("alice"));
            Assert.That(caller.Groups, Is.EqualTo(new[] { "dev", "system:authenticated" }));
            Assert.That(caller.Extra, Is.EquivalentTo(new Dictionary<string, string[]> { ["scopes"] = ["view"], ["acme.com/project"] = ["blue"] }));
            Assert.That(caller.Method, Is.EqualTo("FrontProxy"));
            Assert.That(caller.IdentityHeaders, Is.Empty, "the identity headers are removed once read");
            Assert.That(caller.Protocol, Is.EqualTo(_version.Major == 2 ? "HTTP/2" : "HTTP/1.1"));
        });
    }

    [Test]
    public async Task A_front_proxy_certificate_whose_name_is_not_allowed_is_refused_and_its_headers_are_not_trusted()
    {
        using var impostor = _pki.FrontProxyClient("not-the-aggregator");
        using var client = _server.Client(impostor, _version);

        using var response = await client.SendExactAsync(Get("/apis/metrics.k8s.io/v1beta1/nodes", ("X-Remote-User", "admin"), ("X-Remote-Group", "system:masters")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"""));
    }

    [Test]
    public async Task With_no_allowed_names_any_front_proxy_certificate_is_trusted()
    {
        _server.ConfigSource.Current = _pki.Config(allowedNamesJson: "[]");
        using var proxy = _pki.FrontProxyClient("some-other-proxy");
        using var client = _server.Client(proxy, _version);

        var caller = await (await client.SendExactAsync(Get("/version", ("X-Remote-User", "bob")))).EchoedCallerAsync();

        Assert.That((caller.User, caller.Method), Is.EqualTo(("bob", "FrontProxy")));
    }

    [Test]
    public async Task A_front_proxy_certificate_without_a_username_header_names_nobody_and_is_refused_as_a_client_certificate()
    {
        using var proxy = _pki.FrontProxyClient();
        using var client = _server.Client(proxy, _version);

        using var response = await client.SendExactAsync(Get("/version", ("X-Remote-Group", "system:masters")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "it does not chain to the client CA either");
    }

    [Test]
    public async Task X_Remote_User_sent_with_an_ordinary_client_certificate_is_ignored_and_removed()
    {
        using var certificate = _pki.Client("jane", "viewers", "auditors");
        using var client = _server.Client(certificate, _version);

        var caller = await (await client.SendExactAsync(Get(
            "/apis/metrics.k8s.io/v1beta1/nodes",
            ("X-Remote-User", "admin"),
            ("X-Remote-Group", "system:masters"),
            ("X-Remote-Extra-Scopes", "everything")))).EchoedCallerAsync();

        Assert.Multiple(() =>
        {
            Assert.That(caller.User, Is.EqualTo("jane"));
            // The organizations in the certificate's encoded order (the test CA's name builder encodes the last added first).
            Assert.That(caller.Groups, Is.EqualTo(new[] { "auditors", "viewers", "system:authenticated" }));
            Assert.That(caller.Extra, Is.Empty);
            Assert.That(caller.Method, Is.EqualTo("ClientCertificate"));
            Assert.That(caller.IdentityHeaders, Is.Empty);
        });
    }

    [Test]
    public async Task A_certificate_from_an_unknown_CA_is_refused_with_401()
    {
        using var rogue = _pki.RogueAuthority.IssueClientCertificate("admin", ["system:masters"]);
        using var client = _server.Client(rogue, _version);

        using var response = await client.SendExactAsync(Get("/apis/metrics.k8s.io/v1beta1/nodes", ("X-Remote-User", "admin")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task An_expired_client_certificate_is_refused_with_401()
    {
        using var expired = _pki.ClientAuthority.IssueClientCertificate("jane", ["viewers"], CertificateValidity.Expired(TimeProvider.System));
        using var client = _server.Client(expired, _version);

        using var response = await client.SendExactAsync(Get("/version"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task An_expired_front_proxy_certificate_is_refused_with_401()
    {
        using var expired = _pki.FrontProxyAuthority.IssueClientCertificate("front-proxy-client", validity: CertificateValidity.Expired(TimeProvider.System));
        using var client = _server.Client(expired, _version);

        using var response = await client.SendExactAsync(Get("/version", ("X-Remote-User", "alice")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_certificate_that_expires_while_its_connection_is_open_stops_working()
    {
        using var certificate = _pki.Client("jane");
        using var client = _server.Client(certificate, _version);
        var first = await (await client.GetAsync("/version")).EchoedCallerAsync();

        _server.Time.SetUtcNow(new DateTimeOffset(certificate.NotAfter.ToUniversalTime()).AddSeconds(1));
        using var later = await client.GetAsync("/version");

        Assert.That(first.User, Is.EqualTo("jane"));
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the cached verification must not outlive the certificate");
    }

    [Test]
    public async Task No_credentials_make_the_caller_anonymous_and_spoofed_headers_are_removed()
    {
        using var client = _server.Client(certificate: null, _version);

        var caller = await (await client.SendExactAsync(Get("/version", ("X-Remote-User", "admin"), ("X-Remote-Group", "system:masters")))).EchoedCallerAsync();

        Assert.Multiple(() =>
        {
            Assert.That(caller.User, Is.EqualTo("system:anonymous"));
            Assert.That(caller.Groups, Is.EqualTo(new[] { "system:unauthenticated" }));
            Assert.That(caller.Method, Is.EqualTo("Anonymous"));
            Assert.That(caller.IdentityHeaders, Is.Empty);
        });
    }

    [Test]
    public async Task A_rotated_client_CA_takes_effect_on_the_next_request_on_the_same_connection()
    {
        using var oldCertificate = _pki.Client("old-user");
        using var newAuthority = TestCertificateAuthority.Create("client-ca-2");
        using var newCertificate = newAuthority.IssueClientCertificate("new-user");
        using var oldClient = _server.Client(oldCertificate, _version);
        using var newClient = _server.Client(newCertificate, _version);
        Assert.That((await oldClient.GetAsync("/version")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await newClient.GetAsync("/version")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        _server.ConfigSource.Current = MetricsOperator.Serving.Authentication.AuthenticationConfigMap.Parse(
            _pki.ConfigMap(clientCaPem: newAuthority.CertificatePem));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await oldClient.GetAsync("/version")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the old CA is no longer trusted");
            Assert.That((await (await newClient.GetAsync("/version")).EchoedCallerAsync()).User, Is.EqualTo("new-user"));
        });
    }
}
