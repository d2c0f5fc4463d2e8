using System.Net;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Serving.Authorization;
using MetricsOperator.Tests.Serving.Authentication.Testing;
using MetricsOperator.Tests.Serving.Authorization.Testing;
using static MetricsOperator.Tests.Serving.Authentication.Testing.HttpResponses;

namespace MetricsOperator.Tests.Serving.Authorization;

/// <summary>
/// Authorization behind real authentication over TLS: what skips the SubjectAccessReview, what the review is asked,
/// the cache of both answers, the API server's 403 messages, and failing closed.
/// </summary>
[TestFixture("2.0")]
[TestFixture("1.1")]
public sealed class KubernetesAuthorizationMiddlewareTests
{
    private const string NodesPath = "/apis/metrics.k8s.io/v1beta1/nodes";

    private readonly Version _version;
    private TestPki _pki = null!;
    private FakeSubjectAccessReviewer _reviewer = null!;

    public KubernetesAuthorizationMiddlewareTests(string version) => _version = Version.Parse(version);

    [SetUp]
    public void Create()
    {
        _pki = new TestPki();
        _reviewer = new FakeSubjectAccessReviewer();
    }

    [TearDown]
    public void DisposePki() => _pki.Dispose();

    [TestCase("/healthz")]
    [TestCase("/livez")]
    [TestCase("/readyz")]
    public async Task The_health_probes_are_open_to_anyone_without_a_review(string path)
    {
        await using var server = await StartAsync();
        _reviewer.Decide = _ => AccessReviewDecision.Deny();
        using var anonymous = server.Client(version: _version);

        using var response = await anonymous.GetAsync(path);

        Assert.That((response.StatusCode, _reviewer.Reviews.Count), Is.EqualTo((HttpStatusCode.OK, 0)));
    }

    [Test]
    public async Task By_default_only_the_exact_probe_paths_are_open_and_others_such_as_metrics_need_a_review()
    {
        await using var server = await StartAsync();
        _reviewer.Decide = _ => AccessReviewDecision.Deny();
        using var anonymous = server.Client(version: _version);

        using var check = await anonymous.GetAsync("/livez/ping");
        using var metrics = await anonymous.GetAsync("/metrics");

        Assert.That((check.StatusCode, metrics.StatusCode, _reviewer.Reviews.Count), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, 2)));
    }

    [Test]
    public async Task Configured_paths_and_prefixes_are_open_without_a_review()
    {
        await using var server = await StartAsync(new KubernetesAuthorizationOptions { AlwaysAllowPaths = ["/healthz", "/livez/*", "metrics"] });
        _reviewer.Decide = _ => AccessReviewDecision.Deny();
        using var anonymous = server.Client(version: _version);

        var open = new List<HttpStatusCode>();
        foreach (var path in new[] { "/metrics", "/livez/ping", "/livez/metric-collection-timely", "/healthz" })
        {
            using var response = await anonymous.GetAsync(path);
            open.Add(response.StatusCode);
        }

        using var livez = await anonymous.GetAsync("/livez");

        Assert.That(open, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That((livez.StatusCode, _reviewer.Reviews.Single().Path), Is.EqualTo((HttpStatusCode.Forbidden, "/livez")), "/livez/* does not cover /livez");
    }

    [Test]
    public async Task System_masters_are_allowed_without_a_review_by_certificate_or_through_the_front_proxy()
    {
        await using var server = await StartAsync();
        _reviewer.Decide = _ => AccessReviewDecision.Deny();
        using var admin = _pki.Client("kubernetes-admin", "system:masters");
        using var proxy = _pki.FrontProxyClient();
        using var adminClient = server.Client(admin, _version);
        using var proxyClient = server.Client(proxy, _version);

        var direct = await (await adminClient.GetAsync(NodesPath)).EchoedCallerAsync();
        var aggregator = await (await proxyClient.SendExactAsync(Get(
            "/apis/metrics.k8s.io/v1beta1", ("X-Remote-User", "system:kube-aggregator"), ("X-Remote-Group", "system:masters")))).EchoedCallerAsync();

        Assert.That((direct.User, aggregator.User, _reviewer.Reviews.Count), Is.EqualTo(("kubernetes-admin", "system:kube-aggregator", 0)));
    }

    [Test]
    public async Task The_review_is_for_the_user_the_front_proxy_vouches_for_with_the_resource_attributes_of_the_request()
    {
        await using var server = await StartAsync();
        using var proxy = _pki.FrontProxyClient();
        using var client = server.Client(proxy, _version);

        await (await client.SendExactAsync(Get(
            "/apis/metrics.k8s.io/v1beta1/namespaces/web/pods?labelSelector=app%3Dfrontend",
            ("X-Remote-User", "system:serviceaccount:kube-system:horizontal-pod-autoscaler"),
            ("X-Remote-Group", "system:serviceaccounts"),
            ("X-Remote-Extra-Scopes", "metrics")))).EchoedCallerAsync();

        Assert.That(_reviewer.Reviews.Single(), Is.EqualTo(new RequestAttributes
        {
            User = new KubernetesUser(
                "system:serviceaccount:kube-system:horizontal-pod-autoscaler",
                ["system:serviceaccounts", "system:authenticated"],
                extra: new Dictionary<string, IReadOnlyList<string>> { ["scopes"] = ["metrics"] }),
            Verb = "list",
            Path = "/apis/metrics.k8s.io/v1beta1/namespaces/web/pods",
            IsResourceRequest = true,
            ApiGroup = "metrics.k8s.io",
            ApiVersion = "v1beta1",
            Resource = "pods",
            Namespace = "web",
        }));
    }

    [TestCase(NodesPath, "list", "nodes", "", "")]
    [TestCase(NodesPath + "/node-1", "get", "nodes", "", "node-1")]
    [TestCase("/apis/metrics.k8s.io/v1beta1/pods", "list", "pods", "", "")]
    [TestCase("/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods", "list", "pods", "kube-system", "")]
    [TestCase("/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods/coredns-1", "get", "pods", "kube-system", "coredns-1")]
    [TestCase(NodesPath + "?watch=true", "watch", "nodes", "", "")]
    public async Task Each_metrics_route_is_reviewed_with_its_resource_attributes(string path, string verb, string resource, string @namespace, string name)
    {
        await using var server = await StartAsync();
        using var certificate = _pki.Client("jane", "viewers");
        using var client = server.Client(certificate, _version);

        await (await client.GetAsync(path)).EchoedCallerAsync();

        var review = _reviewer.Reviews.Single();
        Assert.That(
            (review.IsResourceRequest, review.Verb, review.ApiGroup, review.ApiVersion, review.Resource, review.Namespace, review.Name, review.User.Name),
            Is.EqualTo((true, verb, "metrics.k8s.io", "v1beta1", resource, @namespace, name, "jane")));
    }

    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1", "get")]
    [TestCase("GET", "/apis", "get")]
    [TestCase("GET", "/openapi/v2", "get")]
    [TestCase("POST", "/version", "post")]
    public async Task Discovery_and_other_paths_are_reviewed_as_non_resource_requests(string method, string path, string verb)
    {
        await using var server = await StartAsync();
        using var certificate = _pki.Client("jane");
        using var client = server.Client(certificate, _version);

        await (await client.SendExactAsync(new HttpRequestMessage(new HttpMethod(method), path))).EchoedCallerAsync();

        var review = _reviewer.Reviews.Single();
        Assert.That((review.IsResourceRequest, review.Path, review.Verb), Is.EqualTo((false, path, verb)));
    }

    [Test]
    public async Task Allowing_and_refusing_answers_are_each_reused_for_ten_seconds()
    {
        await using var server = await StartAsync();
        _reviewer.Decide = attributes => attributes.Resource == "nodes" ? AccessReviewDecision.Allow() : AccessReviewDecision.Deny();
        using var certificate = _pki.Client("jane");
        using var client = server.Client(certificate, _version);

        var statuses = new List<HttpStatusCode>();
        foreach (var advance in new[] { 0, 0, 9.9, 0.1 })
        {
            server.Time.Advance(TimeSpan.FromSeconds(advance));
            using var nodes = await client.GetAsync(NodesPath);
            using var pods = await client.GetAsync("/apis/metrics.k8s.io/v1beta1/pods");
            statuses.Add(nodes.StatusCode);
            statuses.Add(pods.StatusCode);
        }

        Assert.That(statuses.Distinct(), Is.EquivalentTo(new[] { HttpStatusCode.OK, HttpStatusCode.Forbidden }));
        Assert.That(_reviewer.Reviews.Select(review => review.Resource), Is.EqualTo(new[] { "nodes", "pods", "nodes", "pods" }),
            "one review each, then again only once ten seconds have passed");
    }

    [Test]
    public async Task Different_users_and_different_requests_are_reviewed_separately()
    {
        await using var server = await StartAsync();
        using var jane = _pki.Client("jane");
        using var joe = _pki.Client("joe");
        using var janeClient = server.Client(jane, _version);
        using var joeClient = server.Client(joe, _version);

        await (await janeClient.GetAsync(NodesPath)).EchoedCallerAsync();
        await (await joeClient.GetAsync(NodesPath)).EchoedCallerAsync();
        await (await janeClient.GetAsync(NodesPath + "/node-1")).EchoedCallerAsync();
        await (await janeClient.GetAsync(NodesPath)).EchoedCallerAsync();

        Assert.That(_reviewer.Reviews.Select(review => $"{review.User.Name} {review.Verb}"), Is.EqualTo(new[] { "jane list", "joe list", "jane get" }));
    }

    [TestCase(NodesPath, null,
        """nodes.metrics.k8s.io is forbidden: User \"jane\" cannot list resource \"nodes\" in API group \"metrics.k8s.io\" at the cluster scope""",
        """{"group":"metrics.k8s.io","kind":"nodes"}""")]
    [TestCase(NodesPath + "/node-1", null,
        """nodes.metrics.k8s.io \"node-1\" is forbidden: User \"jane\" cannot get resource \"nodes\" in API group \"metrics.k8s.io\" at the cluster scope""",
        """{"name":"node-1","group":"metrics.k8s.io","kind":"nodes"}""")]
    [TestCase("/apis/metrics.k8s.io/v1beta1/namespaces/web/pods", null,
        "pods.metrics.k8s.io is forbidden: User \\\"jane\\\" cannot list resource \\\"pods\\\" in API group \\\"metrics.k8s.io\\\" in the namespace \\\"web\\\"",
        """{"group":"metrics.k8s.io","kind":"pods"}""")]
    [TestCase("/apis/metrics.k8s.io/v1beta1/namespaces/web/pods/web-0", "RBAC: no binding grants it",
        """pods.metrics.k8s.io \"web-0\" is forbidden: User \"jane\" cannot get resource \"pods\" in API group \"metrics.k8s.io\" in the namespace \"web\": RBAC: no binding grants it""",
        """{"name":"web-0","group":"metrics.k8s.io","kind":"pods"}""")]
    [TestCase("/apis/metrics.k8s.io/v1beta1", null,
        "forbidden: User \\\"jane\\\" cannot get path \\\"/apis/metrics.k8s.io/v1beta1\\\"",
        "{}")]
    public async Task A_denial_is_a_403_Status_with_the_API_servers_message(string path, string? reason, string message, string details)
    {
        await using var server = await StartAsync();
        _reviewer.Decide = _ => AccessReviewDecision.NoOpinion(reason);
        using var certificate = _pki.Client("jane");
        using var client = server.Client(certificate, _version);

        using var response = await client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(
            $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{message}}","reason":"Forbidden","details":{{details}},"code":403}"""));
    }

    [Test]
    public async Task An_unreachable_API_server_fails_closed_with_a_500_Status_and_nothing_is_cached()
    {
        await using var server = await StartAsync();
        _reviewer.Failure = new HttpRequestException("Connection refused (10.96.0.1:443)");
        using var certificate = _pki.Client("jane");
        using var client = server.Client(certificate, _version);

        using var failed = await client.GetAsync(NodesPath + "?limit=5");
        _reviewer.Failure = null;
        using var recovered = await client.GetAsync(NodesPath + "?limit=5");

        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await failed.Content.ReadAsStringAsync(), Is.EqualTo(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Internal Server Error: \"/apis/metrics.k8s.io/v1beta1/nodes?limit=5\": authorization could not be checked, SubjectAccessReview failed: Connection refused (10.96.0.1:443)","reason":"InternalError","code":500}"""));
        Assert.That((recovered.StatusCode, _reviewer.Reviews.Count), Is.EqualTo((HttpStatusCode.OK, 2)));
    }

    [Test]
    public async Task A_review_that_does_not_answer_in_time_fails_closed()
    {
        await using var server = await StartAsync(new KubernetesAuthorizationOptions { ReviewTimeout = TimeSpan.FromSeconds(2) });
        _reviewer.Hang = true;
        using var certificate = _pki.Client("jane");
        using var client = server.Client(certificate, _version);

        var pending = client.GetAsync(NodesPath);
        while (_reviewer.Reviews.Count == 0)
        {
            await Task.Delay(5);
        }

        server.Time.Advance(TimeSpan.FromSeconds(2));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("the SubjectAccessReview took longer than 00:00:02"));
    }

    private Task<AccessControlTestServer> StartAsync(KubernetesAuthorizationOptions? options = null) =>
        AccessControlTestServer.StartAsync(_pki, reviewer: _reviewer, authorization: options);
}
