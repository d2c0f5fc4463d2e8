using MetricsOperator.SimulatedCluster.Rest;

namespace MetricsOperator.Tests.SimulatedCluster.Rest;

[TestFixture]
internal sealed class RequestInfoTests
{
    [TestCase("GET", "/api/v1/namespaces/default/pods", "", "list", "", "pods", "", "default", null)]
    [TestCase("GET", "/api/v1/namespaces/default/pods/p", "", "get", "", "pods", "", "default", "p")]
    [TestCase("GET", "/api/v1/pods", "?watch=1", "watch", "", "pods", "", null, null)]
    [TestCase("GET", "/api/v1/watch/namespaces/kube-system/pods", "", "watch", "", "pods", "", "kube-system", null)]
    [TestCase("GET", "/api/v1/nodes", "?fieldSelector=metadata.name%3Dn1", "list", "", "nodes", "", null, "n1")]
    [TestCase("PUT", "/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io/status", "", "update", "apiregistration.k8s.io", "apiservices", "status", null, "v1beta1.metrics.k8s.io")]
    [TestCase("GET", "/api/v1/namespaces/team", "", "get", "", "namespaces", "", "team", "team")]
    [TestCase("PUT", "/api/v1/namespaces/team/finalize", "", "update", "", "namespaces", "finalize", "team", "team")]
    [TestCase("DELETE", "/api/v1/namespaces/default/configmaps", "", "deletecollection", "", "configmaps", "", "default", null)]
    [TestCase("PATCH", "/apis/metricsoperator.dev/v1alpha1/metricsbackends/x", "", "patch", "metricsoperator.dev", "metricsbackends", "", null, "x")]
    public void ParsesResourceRequestsAsKubeApiserver(string method, string path, string query, string verb, string group, string resource, string subresource, string? ns, string? name)
    {
        var info = RequestInfo.Parse(method, path, new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)));

        Assert.That(info.IsResourceRequest, Is.True);
        Assert.That((info.Verb, info.Group, info.Resource, info.Subresource, info.Namespace, info.Name), Is.EqualTo((verb, group, resource, subresource, ns, name)));
    }

    [TestCase("/version")]
    [TestCase("/api")]
    [TestCase("/apis")]
    [TestCase("/apis/metrics.k8s.io/v1beta1")]
    [TestCase("/openapi/v2")]
    public void DiscoveryAndOtherPathsAreNonResourceRequests(string path)
    {
        var info = RequestInfo.Parse("GET", path, new QueryCollection());

        Assert.That(info.IsResourceRequest, Is.False);
        Assert.That(info.Verb, Is.EqualTo("get"));
    }
}
