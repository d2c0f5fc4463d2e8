using System.Net;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Tests.Serving.Authentication.Testing;

namespace MetricsOperator.Tests.Serving.Authentication;

/// <summary>
/// The Kestrel hook in both shapes (HttpsConnectionAdapterOptions and a handshake callback's
/// SslServerAuthenticationOptions) and both handshake policies: per-request verification (the API server's: an
/// unverifiable certificate connects and gets 401) and rejection at the handshake against the current CAs.
/// </summary>
[TestFixture(false)]
[TestFixture(true)]
public sealed class ClientCertificateHandshakeTests
{
    private readonly bool _useHandshakeCallback;
    private TestPki _pki = null!;

    public ClientCertificateHandshakeTests(bool useHandshakeCallback) => _useHandshakeCallback = useHandshakeCallback;

    [SetUp]
    public void CreatePki() => _pki = new TestPki();

    [TearDown]
    public void DisposePki() => _pki.Dispose();

    [Test]
    public async Task Per_request_verification_lets_an_unknown_CA_connect_and_answers_401()
    {
        await using var server = await StartAsync(ClientCertificateHandshake.VerifyPerRequest);
        using var rogue = _pki.RogueAuthority.IssueClientCertificate("admin");
        using var client = server.Client(rogue);

        using var response = await client.GetAsync("/version");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Rejecting_at_the_handshake_refuses_an_unknown_CA_and_accepts_both_known_CAs_and_no_certificate()
    {
        await using var server = await StartAsync(ClientCertificateHandshake.RejectAtHandshake);
        using var rogue = _pki.RogueAuthority.IssueClientCertificate("admin");
        using var user = _pki.Client("jane");
        using var proxy = _pki.FrontProxyClient();
        using var rogueClient = server.Client(rogue);
        using var userClient = server.Client(user);
        using var proxyClient = server.Client(proxy);
        using var anonymousClient = server.Client();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(() => rogueClient.GetAsync("/version"), Throws.InstanceOf<HttpRequestException>());
            Assert.That((await (await userClient.GetAsync("/version")).EchoedCallerAsync()).User, Is.EqualTo("jane"));
            Assert.That((await (await proxyClient.SendExactAsync(HttpResponses.Get("/version", ("X-Remote-User", "alice")))).EchoedCallerAsync()).User, Is.EqualTo("alice"));
            Assert.That((await (await anonymousClient.GetAsync("/version")).EchoedCallerAsync()).User, Is.EqualTo("system:anonymous"));
        });
    }

    [Test]
    public async Task Rejecting_at_the_handshake_follows_a_CA_rotation_for_new_connections()
    {
        await using var server = await StartAsync(ClientCertificateHandshake.RejectAtHandshake);
        using var user = _pki.Client("jane");
        server.ConfigSource.Current = AuthenticationConfigMap.Parse(_pki.ConfigMap(clientCaPem: _pki.RogueAuthority.CertificatePem));
        using var rotatedOut = server.Client(user);
        using var rotatedIn = _pki.RogueAuthority.IssueClientCertificate("rotated-in");
        using var rotatedInClient = server.Client(rotatedIn);

        Assert.That(() => rotatedOut.GetAsync("/version"), Throws.InstanceOf<HttpRequestException>());
        Assert.That((await (await rotatedInClient.GetAsync("/version")).EchoedCallerAsync()).User, Is.EqualTo("rotated-in"));
    }

    [Test]
    public async Task An_expired_certificate_is_refused_at_the_handshake_when_so_configured()
    {
        await using var server = await StartAsync(ClientCertificateHandshake.RejectAtHandshake);
        using var expired = _pki.ClientAuthority.IssueClientCertificate("jane", validity: MetricsOperator.KubeletFarm.CertificateValidity.Expired(TimeProvider.System));
        using var client = server.Client(expired);

        Assert.That(() => client.GetAsync("/version"), Throws.InstanceOf<HttpRequestException>());
    }

    private Task<AccessControlTestServer> StartAsync(ClientCertificateHandshake handshake) =>
        AccessControlTestServer.StartAsync(_pki, new KubernetesAuthenticationOptions { ClientCertificateHandshake = handshake }, useHandshakeCallback: _useHandshakeCallback);
}
