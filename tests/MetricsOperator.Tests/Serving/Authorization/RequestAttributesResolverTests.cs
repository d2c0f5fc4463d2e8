using MetricsOperator.Serving.Authentication;
using MetricsOperator.Serving.Authorization;

namespace MetricsOperator.Tests.Serving.Authorization;

/// <summary>The request attributes the API server's request-info resolver would derive, route by route.</summary>
public sealed class RequestAttributesResolverTests
{
    private static readonly KubernetesUser Jane = new("jane", ["viewers"]);

    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/nodes", "", "list", "nodes", "", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/nodes/", "", "list", "nodes", "", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/nodes/node-1", "", "get", "nodes", "", "node-1", "")]
    [TestCase("HEAD", "/apis/metrics.k8s.io/v1beta1/nodes/node-1", "", "get", "nodes", "", "node-1", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/pods", "", "list", "pods", "", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods", "", "list", "pods", "kube-system", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods/", "", "list", "pods", "kube-system", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods/coredns-1", "", "get", "pods", "kube-system", "coredns-1", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/pods", "?watch=true", "watch", "pods", "", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/pods", "?watch", "watch", "pods", "", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/pods", "?watch=1", "watch", "pods", "", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/pods", "?watch=false", "list", "pods", "", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/pods", "?watch=FALSE", "list", "pods", "", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/pods", "?watch=0", "list", "pods", "", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/nodes", "?fieldSelector=metadata.name%3Dnode-1", "list", "nodes", "", "node-1", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/nodes", "?fieldSelector=metadata.name%21%3Dnode-1", "list", "nodes", "", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/nodes", "?fieldSelector=metadata.name%3D..", "list", "nodes", "", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/nodes", "?fieldSelector=spec.unknown%3Dx", "list", "nodes", "", "", "")]
    [TestCase("POST", "/apis/metrics.k8s.io/v1beta1/nodes", "", "create", "nodes", "", "", "")]
    [TestCase("PUT", "/apis/metrics.k8s.io/v1beta1/nodes/n", "", "update", "nodes", "", "n", "")]
    [TestCase("PATCH", "/apis/metrics.k8s.io/v1beta1/nodes/n", "", "patch", "nodes", "", "n", "")]
    [TestCase("DELETE", "/apis/metrics.k8s.io/v1beta1/nodes/n", "", "delete", "nodes", "", "n", "")]
    [TestCase("DELETE", "/apis/metrics.k8s.io/v1beta1/namespaces/ns/pods", "", "deletecollection", "pods", "ns", "", "")]
    [TestCase("OPTIONS", "/apis/metrics.k8s.io/v1beta1/nodes", "", "", "nodes", "", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/ns/pods/p/status", "", "get", "pods", "ns", "p", "status")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/ns", "", "get", "namespaces", "ns", "ns", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/ns/status", "", "get", "namespaces", "ns", "ns", "status")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/watch/nodes", "", "watch", "nodes", "", "", "")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/proxy/nodes/n/x", "", "proxy", "nodes", "", "n", "")]
    public void Metrics_API_paths_are_resource_requests(
        string method, string path, string query, string verb, string resource, string @namespace, string name, string subresource)
    {
        var attributes = Resolve(method, path, query);

        Assert.That(attributes, Is.EqualTo(new RequestAttributes
        {
            User = Jane,
            Verb = verb,
            Path = path,
            IsResourceRequest = true,
            ApiGroup = "metrics.k8s.io",
            ApiVersion = "v1beta1",
            Resource = resource,
            Subresource = subresource,
            Namespace = @namespace,
            Name = name,
        }));
    }

    [Test]
    public void The_core_group_has_no_group_segment()
    {
        var attributes = Resolve("GET", "/api/v1/namespaces/default/pods/web-0/log", "");

        Assert.That((attributes.IsResourceRequest, attributes.ApiGroup, attributes.ApiVersion, attributes.Resource, attributes.Namespace, attributes.Name, attributes.Subresource),
            Is.EqualTo((true, "", "v1", "pods", "default", "web-0", "log")));
    }

    [TestCase("GET", "/", "get")]
    [TestCase("GET", "", "get")]
    [TestCase("GET", "/apis", "get")]
    [TestCase("GET", "/apis/metrics.k8s.io", "get")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1", "get")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/", "get")]
    [TestCase("GET", "/api", "get")]
    [TestCase("GET", "/api/v1", "get")]
    [TestCase("GET", "/version", "get")]
    [TestCase("GET", "/openapi/v2", "get")]
    [TestCase("GET", "/openapi/v3/apis/metrics.k8s.io/v1beta1", "get")]
    [TestCase("GET", "/metrics", "get")]
    [TestCase("HEAD", "/healthz", "head")]
    [TestCase("POST", "/version", "post")]
    [TestCase("PROPFIND", "/version", "propfind")]
    [TestCase("GET", "/apis/metrics.k8s.io/v1beta1/watch", "get")]
    public void Everything_else_is_a_non_resource_request_with_the_path_and_the_lower_case_method(string method, string path, string verb)
    {
        var attributes = Resolve(method, path, "");

        Assert.That(attributes, Is.EqualTo(new RequestAttributes { User = Jane, Verb = verb, Path = path.Length == 0 ? "/" : path }));
    }

    private static RequestAttributes Resolve(string method, string path, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        return RequestAttributesResolver.Resolve(context.Request, Jane);
    }
}
