using k8s.Models;
using MetricsOperator.SimulatedCluster.Kubelets;
using MetricsOperator.SimulatedCluster.Security;
using static MetricsOperator.Tests.SimulatedCluster.Security.RbacObjects;

namespace MetricsOperator.Tests.SimulatedCluster.Kubelets;

[TestFixture]
public sealed class KubeletWebhookAuthTests
{
    [Test]
    public async Task A_service_account_with_get_nodes_metrics_passes_and_others_do_not()
    {
        var state = new InMemoryClusterState();
        using var authorities = ClusterAuthorities.Create();
        using var security = new ClusterSecurity(state, authorities);
        security.Start();
        state.Upsert(ServiceAccountObject("monitoring", "operator"));
        state.Upsert(ServiceAccountObject("monitoring", "other"));
        state.Upsert(ClusterRole("node-metrics", null, Rule(["get"], [""], ["nodes/metrics"])));
        state.Upsert(ClusterBinding("operator-node-metrics", "node-metrics", ServiceAccount("monitoring", "operator")));
        var auth = new KubeletWebhookAuth(security.TokenReviews, security.SubjectAccessReviews);

        var allowed = await auth.ValidateAsync(security.Tokens.Mint("monitoring", "operator"), CancellationToken.None);
        var unbound = await auth.ValidateAsync(security.Tokens.Mint("monitoring", "other"), CancellationToken.None);
        var unknown = await auth.ValidateAsync("not-a-token", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(allowed, Is.True);
            Assert.That(unbound, Is.False);
            Assert.That(unknown, Is.False);
        });
    }

    [Test]
    public void Starting_the_security_engine_publishes_the_authentication_config_map_and_aggregated_view()
    {
        var state = new InMemoryClusterState();
        using var authorities = ClusterAuthorities.Create();
        using var security = new ClusterSecurity(state, authorities);

        security.Start();

        Assert.Multiple(() =>
        {
            Assert.That(state.Get<V1ConfigMap>("kube-system", "extension-apiserver-authentication")?.Data["requestheader-client-ca-file"], Is.EqualTo(authorities.FrontProxyCa.CertificatePem));
            Assert.That(state.Get<V1ClusterRole>(null, "view")?.Rules, Is.Not.Empty);
            Assert.That(state.Get<V1ClusterRole>(null, "admin")!.Rules.Count, Is.GreaterThan(state.Get<V1ClusterRole>(null, "edit")!.Rules.Count));
            Assert.That(state.Get<V1Role>("kube-system", "extension-apiserver-authentication-reader"), Is.Not.Null);
        });
    }
}
