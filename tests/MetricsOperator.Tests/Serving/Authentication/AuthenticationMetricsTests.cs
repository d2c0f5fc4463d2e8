using System.Diagnostics.Metrics;
using System.Net;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Tests.Serving.Authentication.Testing;

namespace MetricsOperator.Tests.Serving.Authentication;

/// <summary>The authentication counters, and through them that certificate chains are built once per connection and CA.</summary>
[TestFixture("2.0")]
[TestFixture("1.1")]
public sealed class AuthenticationMetricsTests
{
    private const string Verifications = "metrics_operator.authentication.certificate_verifications";
    private const string Requests = "metrics_operator.authentication.requests";

    private readonly Version _version;

    public AuthenticationMetricsTests(string version) => _version = Version.Parse(version);

    [Test]
    public async Task A_connection_builds_its_certificate_chains_once_until_the_CA_rotates()
    {
        using var pki = new TestPki();
        await using var server = await AccessControlTestServer.StartAsync(pki);
        using var recorder = new MeasurementRecorder(server.Services.GetRequiredService<IMeterFactory>());
        using var certificate = pki.Client("jane");
        using var client = server.Client(certificate, _version);

        for (var i = 0; i < 5; i++)
        {
            Assert.That((await client.GetAsync("/version")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var beforeRotation = (recorder.Sum(Verifications + "{result=invalid}"), recorder.Sum(Verifications + "{result=valid}"));
        using var otherAuthority = TestCertificateAuthority.Create("client-ca-2");
        server.ConfigSource.Current = AuthenticationConfigMap.Parse(
            pki.ConfigMap(clientCaPem: pki.ClientAuthority.CertificatePem + "\n" + otherAuthority.CertificatePem),
            previous: server.ConfigSource.Current);
        Assert.That((await client.GetAsync("/version")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.Multiple(() =>
        {
            Assert.That(beforeRotation, Is.EqualTo((1L, 1L)), "one refusal by the request-header CA and one success by the client CA, for five requests");
            Assert.That(recorder.Sum(Verifications + "{result=valid}"), Is.EqualTo(2), "the rotated client CA bundle re-verifies");
            Assert.That(recorder.Sum(Verifications + "{result=invalid}"), Is.EqualTo(1), "the request-header CA is unchanged");
            Assert.That(recorder.Sum(Requests + "{method=client_certificate,result=authenticated}"), Is.EqualTo(6));
        });
    }

    [Test]
    public async Task Refusals_anonymous_requests_and_token_reviews_are_counted()
    {
        using var pki = new TestPki();
        await using var server = await AccessControlTestServer.StartAsync(pki);
        using var recorder = new MeasurementRecorder(server.Services.GetRequiredService<IMeterFactory>());
        using var rogue = pki.RogueAuthority.IssueClientCertificate("x");
        using var rogueClient = server.Client(rogue, _version);
        using var anonymous = server.Client(version: _version);
        using var withToken = server.Client(version: _version);
        withToken.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "unknown");

        await rogueClient.GetAsync("/version");
        await anonymous.GetAsync("/version");
        await withToken.GetAsync("/version");
        await withToken.GetAsync("/version");

        Assert.Multiple(() =>
        {
            Assert.That(recorder.Sum(Requests + "{method=none,result=unauthorized}"), Is.EqualTo(3));
            Assert.That(recorder.Sum(Requests + "{method=anonymous,result=authenticated}"), Is.EqualTo(1));
            Assert.That(recorder.Sum("metrics_operator.authentication.token_reviews{result=rejected}"), Is.EqualTo(1), "the second request hit the cache");
        });
    }
}
