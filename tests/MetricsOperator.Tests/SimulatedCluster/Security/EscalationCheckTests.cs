using k8s.Models;
using MetricsOperator.SimulatedCluster.Security;
using static MetricsOperator.Tests.SimulatedCluster.Security.RbacObjects;

namespace MetricsOperator.Tests.SimulatedCluster.Security;

[TestFixture]
public sealed class EscalationCheckTests
{
    private static readonly UserIdentity Carol = new("carol", ["team", SystemGroups.Authenticated]);

    private InMemoryClusterState _state = null!;
    private EscalationCheck _check = null!;

    [SetUp]
    public void SetUp()
    {
        _state = new InMemoryClusterState();
        var resolver = new RuleResolver(_state);
        _check = new EscalationCheck(new RbacAuthorizer(resolver), resolver);
        _state.Upsert(ClusterRole("role-writer", null, Rule(["create", "update"], ["rbac.authorization.k8s.io"], ["roles", "rolebindings", "clusterroles", "clusterrolebindings"])));
        _state.Upsert(ClusterRole("pod-reader", null, Rule(["get", "list"], [""], ["pods"])));
        _state.Upsert(ClusterBinding("carol-writes", "role-writer", User("carol")));
        _state.Upsert(Binding("apps", "carol-reads", "ClusterRole", "pod-reader", User("carol")));
    }

    [Test]
    public void A_role_within_held_permissions_may_be_created()
    {
        Assert.That(_check.Check(Carol, Role("apps", "r", Rule(["get"], [""], ["pods"]))), Is.Null);
    }

    [Test]
    public void A_role_with_more_than_held_is_refused_with_kube_apiserver_wording()
    {
        var status = _check.Check(Carol, Role("apps", "r", Rule(["get", "delete"], [""], ["pods", "secrets"])));

        Assert.That(status, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(status!.Code, Is.EqualTo(403));
            Assert.That(status.Message, Is.EqualTo(
                "roles.rbac.authorization.k8s.io \"r\" is forbidden: user \"carol\" (groups=[\"team\" \"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
                + "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}\n"
                + "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"delete\"]}\n"
                + "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}"));
        });
    }

    [Test]
    public void A_cluster_role_is_judged_at_cluster_scope_where_a_namespaced_grant_does_not_count()
    {
        var status = _check.Check(Carol, ClusterRole("c", null, Rule(["get"], [""], ["pods"])));

        Assert.That(status?.Message, Does.StartWith("clusterroles.rbac.authorization.k8s.io \"c\" is forbidden: user \"carol\""));
    }

    [Test]
    public void Escalate_permission_bypasses_the_check()
    {
        _state.Upsert(ClusterRole("escalator", null, Rule(["escalate"], ["rbac.authorization.k8s.io"], ["clusterroles"])));
        _state.Upsert(ClusterBinding("carol-escalates", "escalator", User("carol")));

        Assert.That(_check.Check(Carol, ClusterRole("c", null, Rule(["*"], ["*"], ["*"]))), Is.Null);
    }

    [Test]
    public void Binding_a_role_whose_permissions_are_held_is_allowed_and_one_that_is_not_is_refused()
    {
        _state.Upsert(ClusterRole("secret-reader", null, Rule(["get"], [""], ["secrets"])));

        var held = _check.Check(Carol, Binding("apps", "b1", "ClusterRole", "pod-reader", User("dave")));
        var notHeld = _check.Check(Carol, Binding("apps", "b2", "ClusterRole", "secret-reader", User("dave")));
        var clusterWide = _check.Check(Carol, ClusterBinding("b3", "pod-reader", User("dave")));

        Assert.Multiple(() =>
        {
            Assert.That(held, Is.Null);
            Assert.That(notHeld?.Message, Does.StartWith("rolebindings.rbac.authorization.k8s.io \"b2\" is forbidden: user \"carol\"").And.EndWith("{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}"));
            Assert.That(clusterWide?.Message, Does.StartWith("clusterrolebindings.rbac.authorization.k8s.io \"b3\" is forbidden"));
        });
    }

    [Test]
    public void Bind_permission_on_the_named_role_only_bypasses_the_check_for_that_role()
    {
        _state.Upsert(ClusterRole("secret-reader", null, Rule(["get"], [""], ["secrets"])));
        _state.Upsert(ClusterRole("secret-writer", null, Rule(["update"], [""], ["secrets"])));
        _state.Upsert(ClusterRole("binder", null, Rule(["bind"], ["rbac.authorization.k8s.io"], ["clusterroles"], ["secret-reader"])));
        _state.Upsert(ClusterBinding("carol-binds", "binder", User("carol")));

        Assert.Multiple(() =>
        {
            Assert.That(_check.Check(Carol, ClusterBinding("b", "secret-reader", User("dave"))), Is.Null);
            Assert.That(_check.Check(Carol, ClusterBinding("b", "secret-writer", User("dave"))), Is.Not.Null);
        });
    }

    [Test]
    public void Resource_names_narrow_what_a_held_rule_covers()
    {
        _state.Upsert(Binding("apps", "cm", "Role", "cm-reader", User("carol")));
        _state.Upsert(Role("apps", "cm-reader", Rule(["get"], [""], ["configmaps"], ["one"])));

        Assert.Multiple(() =>
        {
            Assert.That(_check.Check(Carol, Role("apps", "r", Rule(["get"], [""], ["configmaps"], ["one"]))), Is.Null);
            Assert.That(_check.Check(Carol, Role("apps", "r", Rule(["get"], [""], ["configmaps"], ["two"]))), Is.Not.Null);
            Assert.That(_check.Check(Carol, Role("apps", "r", Rule(["get"], [""], ["configmaps"]))), Is.Not.Null);
        });
    }

    [Test]
    public void An_aggregation_rule_needs_full_authority_and_masters_bypass_everything()
    {
        var aggregating = ClusterRole("agg");
        aggregating.AggregationRule = new V1AggregationRule { ClusterRoleSelectors = [new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["x"] = "y" } }] };
        var admin = new UserIdentity("admin", [SystemGroups.Masters]);

        Assert.Multiple(() =>
        {
            Assert.That(_check.Check(Carol, aggregating)?.Message, Is.EqualTo("clusterroles.rbac.authorization.k8s.io \"agg\" is forbidden: must have cluster-admin privileges to use the aggregationRule"));
            Assert.That(_check.Check(admin, aggregating), Is.Null);
            Assert.That(_check.Check(admin, ClusterRole("all", null, Rule(["*"], ["*"], ["*"]))), Is.Null);
        });
    }

    [Test]
    public void An_update_that_keeps_the_rules_is_not_checked_again()
    {
        var existing = ClusterRole("c", null, Rule(["delete"], [""], ["nodes"]));
        var relabelled = ClusterRole("c", new Dictionary<string, string> { ["a"] = "b" }, Rule(["delete"], [""], ["nodes"]));

        Assert.That(_check.Check(Carol, relabelled, existing), Is.Null);
    }
}
