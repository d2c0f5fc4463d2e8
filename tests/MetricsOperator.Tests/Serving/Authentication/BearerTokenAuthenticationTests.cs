using System.Net;
using System.Net.Http.Headers;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Tests.Serving.Authentication.Testing;

namespace MetricsOperator.Tests.Serving.Authentication;

/// <summary>Bearer tokens through TokenReview: the user, the 10 s cache of either answer, its bound, failures, audiences.</summary>
[TestFixture("2.0")]
[TestFixture("1.1")]
public sealed class BearerTokenAuthenticationTests
{
    private static readonly KubernetesUser Robot = new("system:serviceaccount:monitoring:prometheus", ["system:serviceaccounts"], "uid-1",
        new Dictionary<string, IReadOnlyList<string>> { ["authentication.kubernetes.io/pod-name"] = ["prometheus-0"] });

    private readonly Version _version;
    private TestPki _pki = null!;

    public BearerTokenAuthenticationTests(string version) => _version = Version.Parse(version);

    [SetUp]
    public void CreatePki() => _pki = new TestPki();

    [TearDown]
    public void DisposePki() => _pki.Dispose();

    [Test]
    public async Task A_reviewed_token_names_the_user_and_is_not_passed_on()
    {
        await using var server = await AccessControlTestServer.StartAsync(_pki);
        server.Tokens.Accept("token-1", Robot);
        using var client = Client(server, "token-1");

        var caller = await (await client.GetAsync("/apis/metrics.k8s.io/v1beta1/pods")).EchoedCallerAsync();

        Assert.Multiple(() =>
        {
            Assert.That(caller.User, Is.EqualTo(Robot.Name));
            Assert.That(caller.Uid, Is.EqualTo("uid-1"));
            Assert.That(caller.Groups, Is.EqualTo(new[] { "system:serviceaccounts", "system:authenticated" }));
            Assert.That(caller.Extra["authentication.kubernetes.io/pod-name"], Is.EqualTo(new[] { "prometheus-0" }));
            Assert.That(caller.Method, Is.EqualTo("BearerToken"));
            Assert.That(caller.IdentityHeaders, Is.Empty, "the Authorization header is removed once used");
            Assert.That(server.Tokens.Calls.Single().Audiences, Is.Empty);
        });
    }

    [Test]
    public async Task An_answer_is_reused_for_ten_seconds_then_the_token_is_reviewed_again()
    {
        await using var server = await AccessControlTestServer.StartAsync(_pki);
        server.Tokens.Accept("token-1", Robot);
        using var client = Client(server, "token-1");

        await (await client.GetAsync("/version")).EchoedCallerAsync();
        server.Time.Advance(TimeSpan.FromSeconds(9.9));
        await (await client.GetAsync("/version")).EchoedCallerAsync();
        var callsWithinTtl = server.Tokens.CallsFor("token-1");
        server.Time.Advance(TimeSpan.FromSeconds(0.1));
        await (await client.GetAsync("/version")).EchoedCallerAsync();

        Assert.That((callsWithinTtl, server.Tokens.CallsFor("token-1")), Is.EqualTo((1, 2)));
    }

    [Test]
    public async Task A_rejected_token_is_401_and_the_rejection_is_cached_too()
    {
        await using var server = await AccessControlTestServer.StartAsync(_pki);
        using var client = Client(server, "forged");

        using var first = await client.GetAsync("/version");
        using var second = await client.GetAsync("/version");
        server.Time.Advance(TimeSpan.FromSeconds(10));
        using var third = await client.GetAsync("/version");

        Assert.Multiple(() =>
        {
            Assert.That(new[] { first.StatusCode, second.StatusCode, third.StatusCode }, Is.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(server.Tokens.CallsFor("forged"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_review_that_fails_refuses_the_request_and_is_not_cached()
    {
        await using var server = await AccessControlTestServer.StartAsync(_pki);
        server.Tokens.Accept("token-1", Robot);
        server.Tokens.Failure = new HttpRequestException("connection refused (10.96.0.1:443)");
        using var client = Client(server, "token-1");

        using var refused = await client.GetAsync("/version");
        server.Tokens.Failure = null;
        var caller = await (await client.GetAsync("/version")).EchoedCallerAsync();

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((caller.User, server.Tokens.CallsFor("token-1")), Is.EqualTo((Robot.Name, 2)));
    }

    [Test]
    public async Task A_review_that_does_not_answer_within_the_timeout_refuses_the_request()
    {
        await using var server = await AccessControlTestServer.StartAsync(_pki, new KubernetesAuthenticationOptions { TokenReviewTimeout = TimeSpan.FromSeconds(3) });
        server.Tokens.Hang = true;
        using var client = Client(server, "token-1");

        var pending = client.GetAsync("/version");
        while (server.Tokens.Calls.Count == 0)
        {
            await Task.Delay(5);
        }

        server.Time.Advance(TimeSpan.FromSeconds(3));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task The_cache_is_bounded_and_drops_the_least_recently_used_token()
    {
        await using var server = await AccessControlTestServer.StartAsync(_pki, new KubernetesAuthenticationOptions { TokenCacheSize = 2 });
        foreach (var token in new[] { "a", "b", "c" })
        {
            server.Tokens.Accept(token, new KubernetesUser("user-" + token));
        }

        foreach (var token in new[] { "a", "b", "c", "a", "c" })
        {
            using var client = Client(server, token);
            await (await client.GetAsync("/version")).EchoedCallerAsync();
        }

        Assert.That(new[] { "a", "b", "c" }.Select(server.Tokens.CallsFor), Is.EqualTo(new[] { 2, 1, 1 }), "a was dropped for c; a's return dropped b, not c");
    }

    [Test]
    public async Task Configured_audiences_are_asked_for_and_a_token_for_other_audiences_is_refused()
    {
        await using var server = await AccessControlTestServer.StartAsync(_pki, new KubernetesAuthenticationOptions { TokenAudiences = ["metrics-operator"] });
        server.Tokens.Accept("ours", new KubernetesUser("ours"), "metrics-operator", "kubernetes");
        server.Tokens.Accept("theirs", new KubernetesUser("theirs"), "vault");
        using var ours = Client(server, "ours");
        using var theirs = Client(server, "theirs");

        var caller = await (await ours.GetAsync("/version")).EchoedCallerAsync();
        using var refused = await theirs.GetAsync("/version");

        Assert.Multiple(() =>
        {
            Assert.That(caller.User, Is.EqualTo("ours"));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(server.Tokens.Calls.Select(call => call.Audiences), Is.All.EqualTo(new[] { "metrics-operator" }));
        });
    }

    [TestCase("Basic dXNlcjpwYXNz")]
    [TestCase("Bearer")]
    [TestCase("Bearer ")]
    [TestCase("Bearer  token-1")]
    public async Task Headers_that_carry_no_bearer_token_leave_the_caller_anonymous(string authorization)
    {
        await using var server = await AccessControlTestServer.StartAsync(_pki);
        server.Tokens.Accept("token-1", Robot);
        using var client = server.Client(version: _version);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/version");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var caller = await (await client.SendExactAsync(request)).EchoedCallerAsync();

        Assert.That((caller.User, server.Tokens.Calls.Count), Is.EqualTo(("system:anonymous", 0)));
    }

    [Test]
    public async Task The_scheme_is_case_insensitive_and_anything_after_the_token_is_ignored()
    {
        await using var server = await AccessControlTestServer.StartAsync(_pki);
        server.Tokens.Accept("token-1", Robot);
        using var client = server.Client(version: _version);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/version");
        request.Headers.TryAddWithoutValidation("Authorization", "  bEaReR token-1 trailing words ");

        var caller = await (await client.SendExactAsync(request)).EchoedCallerAsync();

        Assert.That(caller.User, Is.EqualTo(Robot.Name));
    }

    [Test]
    public async Task A_client_certificate_wins_over_a_token_which_is_then_never_reviewed()
    {
        await using var server = await AccessControlTestServer.StartAsync(_pki);
        using var certificate = _pki.Client("jane");
        using var client = server.Client(certificate, _version);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "token-1");

        var caller = await (await client.GetAsync("/version")).EchoedCallerAsync();

        Assert.That((caller.User, server.Tokens.Calls.Count), Is.EqualTo(("jane", 0)));
    }

    [Test]
    public async Task Without_anonymous_access_a_request_without_credentials_is_401()
    {
        await using var server = await AccessControlTestServer.StartAsync(_pki, new KubernetesAuthenticationOptions { AllowAnonymous = false });
        using var client = server.Client(version: _version);

        using var response = await client.GetAsync("/healthz");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private HttpClient Client(AccessControlTestServer server, string token)
    {
        var client = server.Client(version: _version);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
