using MetricsOperator.Serving.Diagnostics;

namespace MetricsOperator.Tests.Serving.Diagnostics;

/// <summary>Requests are labelled as the API server labels its own, and never by caller-chosen text.</summary>
public sealed class ApiRequestClassifierTests
{
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/nodes", false, "LIST", "nodes", "cluster")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/nodes/", false, "LIST", "nodes", "cluster")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/nodes/node-1", false, "GET", "nodes", "resource")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/pods", false, "LIST", "pods", "cluster")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/pods", true, "WATCH", "pods", "cluster")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods/", false, "LIST", "pods", "namespace")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods/coredns-1", false, "GET", "pods", "resource")]
    [TestCase("HEAD", "/apis/metrics.k8s.io/v1beta1/nodes/node-1", false, "GET", "nodes", "resource")]
    [TestCase("DELETE", "/apis/metrics.k8s.io/v1beta1/nodes/node-1", false, "DELETE", "nodes", "resource")]
    [TestCase("POST", "/apis/metrics.k8s.io/v1beta1/namespaces/ns/pods", false, "POST", "pods", "namespace")]
    [TestCase("BREW", "/apis/metrics.k8s.io/v1beta1/pods", false, "OTHER", "pods", "cluster")]
    public void Resource_requests(string method, string path, bool watch, string verb, string resource, string scope) =>
        Assert.That(
            ApiRequestClassifier.Classify(method, path, watch),
            Is.EqualTo(new ApiRequestAttributes(verb, "metrics.k8s.io", "v1beta1", resource, scope)));

    [TestCase("GET", "/apis", "GET")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1", "GET")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/", "GET")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/secrets", "GET")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/ns", "GET")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/namespaces//pods", "GET")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/nodes/a/b", "GET")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/ns/pods/name/extra/more", "GET")]
    [TestCase("GET", "/readyz", "GET")]
    [TestCase("PUT", "/metrics", "PUT")]
    [TestCase("TRACE", "/anything/a-caller/chose", "OTHER")]
    public void Everything_else_is_a_non_resource_request(string method, string path, string verb) =>
        Assert.That(
            ApiRequestClassifier.Classify(method, path, watch: false),
            Is.EqualTo(new ApiRequestAttributes(verb, string.Empty, string.Empty, string.Empty, string.Empty)));

    [TestCase("true", true)]
    [TestCase("1", true)]
    [TestCase("True", true)]
    [TestCase("false", false)]
    [TestCase("yes", false)]
    [TestCase(null, false)]
    public void Watch_parameter_reads_like_go_booleans(string? value, bool expected) =>
        Assert.That(ApiRequestClassifier.IsWatch(value), Is.EqualTo(expected));
}
