using System.Text;
using System.Text.Json;
using MetricsOperator.KubeletFarm;
using MetricsOperator.SimulatedCluster.Aggregation;
using MetricsOperator.SimulatedCluster.Security;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.Tests.SimulatedCluster.Aggregation;

[TestFixture]
public sealed class AggregationProxyTests : LoopbackBackendFixture
{
    private static readonly UserIdentity Viewer = new("viewer", ["dev", SystemGroups.Authenticated]);

    private InMemoryClusterState _state = null!;
    private AggregationProxy _proxy = null!;

    [SetUp]
    public void SetUp()
    {
        _state = new InMemoryClusterState();
        _state.Upsert(AggregationObjects.Service());
        _state.Upsert(AggregationObjects.Pod("ready", Backend.Port));
        _state.Upsert(AggregationObjects.Pod("not-ready", 1, ready: false, ip: "127.0.0.9"));
        _proxy = new AggregationProxy(_state, new BackendResolver(_state), Authorities, NullLogger<AggregationProxy>.Instance);
    }

    [TestCase("/apis/metrics.k8s.io/v1beta1", true)]
    [TestCase("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods", true)]
    [TestCase("/apis/metrics.k8s.io", false)]
    [TestCase("/apis/metrics.k8s.io/v1", false)]
    [TestCase("/api/v1/pods", false)]
    public void Handles_only_the_group_versions_of_apiservices_with_a_service(string path, bool expected)
    {
        _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem));
        var local = AggregationObjects.ApiService(string.Empty);
        local.Metadata.Name = "v1.metrics.k8s.io";
        local.Spec.Version = "v1";
        local.Spec.Service = null;
        _state.Upsert(local);

        Assert.That(_proxy.Handles(path, out var apiService), Is.EqualTo(expected));
        Assert.That(apiService is not null, Is.EqualTo(expected));
    }

    [Test]
    public async Task The_request_reaches_the_ready_pod_with_the_front_proxy_identity_and_without_caller_credentials()
    {
        var apiService = _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem));
        var context = Request("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods", "?labelSelector=app%3Dweb");
        context.Request.Headers.Authorization = "Bearer secret";
        context.Request.Headers["X-Remote-User"] = "root";
        context.Request.Headers["X-Remote-Extra-Scopes"] = "all";
        context.Request.Headers.Accept = "application/vnd.kubernetes.protobuf, */*";

        await _proxy.ProxyAsync(context, Viewer, apiService);

        var echo = ReadEcho(context);
        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(200));
            Assert.That(context.Response.Headers["X-Backend"].ToString(), Is.EqualTo("loopback"));
            Assert.That(context.Response.ContentType, Is.EqualTo("application/json"));
            Assert.That(echo.Path, Is.EqualTo("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb"));
            Assert.That(echo.Users, Is.EqualTo(new[] { "viewer" }));
            Assert.That(echo.Groups, Is.EqualTo(new[] { "dev", SystemGroups.Authenticated }), "one header line per group");
            Assert.That(echo.Extra, Is.Empty);
            Assert.That(echo.Authorization, Is.Empty);
            Assert.That(echo.Accept, Is.EqualTo("application/vnd.kubernetes.protobuf, */*"));
            Assert.That(echo.ClientCertificate, Is.EqualTo(ClusterAuthorities.FrontProxyClientName));
        });
    }

    [Test]
    public async Task A_request_body_and_its_content_type_stream_through()
    {
        var apiService = _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem));
        var context = Request("POST", "/apis/metrics.k8s.io/v1beta1/things", string.Empty);
        var payload = "{\"spec\":\"" + new string('x', 40_000) + "\"}";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(payload));
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = payload.Length;

        await _proxy.ProxyAsync(context, Viewer, apiService);

        var echo = ReadEcho(context);
        Assert.That((echo.Method, echo.ContentType, echo.Body), Is.EqualTo(("POST", "application/json", payload)));
    }

    [Test]
    public async Task A_backend_certificate_from_another_ca_is_refused_with_503()
    {
        using var other = TestCertificateAuthority.Create("other-ca");
        var apiService = _state.Upsert(AggregationObjects.ApiService(other.CertificatePem));
        var context = Request("GET", "/apis/metrics.k8s.io/v1beta1/nodes", string.Empty);

        await _proxy.ProxyAsync(context, Viewer, apiService);

        Assert.That(context.Response.StatusCode, Is.EqualTo(503));
        Assert.That(Body(context), Does.Contain("x509: certificate signed by unknown authority"));
    }

    [Test]
    public async Task A_backend_certificate_without_the_service_name_is_refused_with_503()
    {
        _state.Upsert(AggregationObjects.Service("other"));
        var apiService = _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem, serviceName: "other"));
        var context = Request("GET", "/apis/metrics.k8s.io/v1beta1/nodes", string.Empty);

        await _proxy.ProxyAsync(context, Viewer, apiService);

        Assert.That(context.Response.StatusCode, Is.EqualTo(503));
        Assert.That(Body(context), Does.Contain("x509: certificate is valid for metrics-operator.monitoring.svc, 127.0.0.1, not other.monitoring.svc"));
    }

    [Test]
    public async Task Insecure_skip_tls_verify_accepts_any_backend_certificate()
    {
        using var other = TestCertificateAuthority.Create("other-ca");
        var apiService = AggregationObjects.ApiService(other.CertificatePem);
        apiService.Spec.InsecureSkipTLSVerify = true;
        _state.Upsert(apiService);
        var context = Request("GET", "/apis/metrics.k8s.io/v1beta1/nodes", string.Empty);

        await _proxy.ProxyAsync(context, Viewer, apiService);

        Assert.That(context.Response.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task An_apiservice_that_is_not_available_or_has_no_ready_endpoint_answers_service_unavailable()
    {
        var unavailable = _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem, available: false));
        var first = Request("GET", "/apis/metrics.k8s.io/v1beta1/nodes", string.Empty);
        await _proxy.ProxyAsync(first, Viewer, unavailable);

        _state.Upsert(AggregationObjects.Pod("ready", Backend.Port, ready: false));
        var noEndpoint = _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem));
        var second = Request("GET", "/apis/metrics.k8s.io/v1beta1/nodes", string.Empty);
        await _proxy.ProxyAsync(second, Viewer, noEndpoint);

        Assert.Multiple(() =>
        {
            Assert.That((first.Response.StatusCode, Body(first)), Is.EqualTo((503, "service unavailable\n")));
            Assert.That((second.Response.StatusCode, Body(second)), Is.EqualTo((503, "service unavailable\n")));
        });
    }

    [Test]
    public void Forwarded_headers_drop_hop_by_hop_credentials_and_impersonation()
    {
        var headers = new HeaderDictionary
        {
            ["Connection"] = "keep-alive",
            ["Authorization"] = "Bearer x",
            ["Impersonate-User"] = "root",
            ["x-remote-group"] = "system:masters",
            ["Accept"] = "application/json",
        };

        var forwarded = AggregationProxy.ForwardedHeaders(headers, new UserIdentity("u", ["g1", "g2"]));

        Assert.That(forwarded.Select(h => h.Key + "=" + h.Value), Is.EqualTo(new[] { "Accept=application/json", "X-Remote-User=u", "X-Remote-Group=g1", "X-Remote-Group=g2" }));
    }

    private static DefaultHttpContext Request(string method, string path, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private static LoopbackBackend.Echo ReadEcho(HttpContext context) =>
        JsonSerializer.Deserialize<LoopbackBackend.Echo>(Body(context)) ?? throw new AssertionException("no echo body: " + Body(context));
}
