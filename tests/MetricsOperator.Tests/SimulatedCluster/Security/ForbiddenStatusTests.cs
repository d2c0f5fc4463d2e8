using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.Tests.SimulatedCluster.Security;

[TestFixture]
public sealed class ForbiddenStatusTests
{
    private static readonly UserIdentity Bob = new("bob", [SystemGroups.Authenticated]);

    [Test]
    public void Namespaced_list_is_worded_as_kube_apiserver_words_it()
    {
        var status = ForbiddenStatus.For(Bob, new RequestAttributes("list", "metrics.k8s.io", "v1beta1", "pods", "", "default", null, true, "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods"), string.Empty);

        Assert.Multiple(() =>
        {
            Assert.That(status.Message, Is.EqualTo("pods.metrics.k8s.io is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"metrics.k8s.io\" in the namespace \"default\""));
            Assert.That(status.Code, Is.EqualTo(403));
            Assert.That(status.Reason, Is.EqualTo("Forbidden"));
            Assert.That(status.Details.Kind, Is.EqualTo("pods"));
            Assert.That(status.Details.Group, Is.EqualTo("metrics.k8s.io"));
        });
    }

    [Test]
    public void Named_subresource_at_cluster_scope_carries_the_name_and_the_subresource()
    {
        var status = ForbiddenStatus.For(Bob, new RequestAttributes("get", "", "v1", "nodes", "proxy", null, "node-1", true, "/api/v1/nodes/node-1/proxy"), string.Empty);

        Assert.That(status.Message, Is.EqualTo("nodes \"node-1\" is forbidden: User \"bob\" cannot get resource \"nodes/proxy\" in API group \"\" at the cluster scope"));
    }

    [Test]
    public void Non_resource_path_and_a_reason_suffix()
    {
        var status = ForbiddenStatus.For(Bob, new RequestAttributes("get", "", "", "", "", null, null, false, "/metrics"), "no RBAC policy matched");

        Assert.That(status.Message, Is.EqualTo("forbidden: User \"bob\" cannot get path \"/metrics\": no RBAC policy matched"));
    }

    [Test]
    public void Unauthorized_is_a_401_status()
    {
        var status = ForbiddenStatus.Unauthorized();

        Assert.That((status.Code, status.Reason, status.Message), Is.EqualTo((401, "Unauthorized", "Unauthorized")));
    }
}
