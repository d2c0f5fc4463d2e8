using k8s.Models;
using MetricsOperator.SimulatedCluster.Security;
using static MetricsOperator.Tests.SimulatedCluster.Security.RbacObjects;

namespace MetricsOperator.Tests.SimulatedCluster.Security;

[TestFixture]
public sealed class ClusterRoleAggregationControllerTests
{
    private static readonly Dictionary<string, string> ToView = new() { [BootstrapPolicy.AggregateToView] = "true" };

    [Test]
    public void A_labelled_cluster_role_is_written_into_view_edit_and_admin_when_it_is_applied()
    {
        var state = new InMemoryClusterState();
        BootstrapPolicy.Bootstrap(state);
        using var controller = new ClusterRoleAggregationController(state);
        var metricsRule = Rule(["get", "list", "watch"], ["metrics.k8s.io"], ["pods", "nodes"]);

        state.Upsert(ClusterRole("system:aggregated-metrics-reader", ToView, metricsRule));

        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "view", "edit", "admin" })
            {
                var rules = state.Get<V1ClusterRole>(null, name)!.Rules.Select(PolicyRuleText.Compact).ToList();
                Assert.That(rules, Does.Contain(PolicyRuleText.Compact(metricsRule)), name);
            }

            Assert.That(state.Get<V1ClusterRole>(null, "view")!.Rules.Select(PolicyRuleText.Compact), Does.Not.Contain(PolicyRuleText.Compact(Rule(["get", "list", "watch"], [""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]))));
        });
    }

    [Test]
    public void Aggregate_is_the_union_in_name_order_without_duplicates_and_honours_match_expressions()
    {
        var rule = Rule(["get"], [""], ["pods"]);
        var aggregating = ClusterRole("agg");
        aggregating.AggregationRule = new V1AggregationRule
        {
            ClusterRoleSelectors = [new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In", Values = ["a", "b"] }] }],
        };
        var roles = new[]
        {
            ClusterRole("z-part", new Dictionary<string, string> { ["tier"] = "a" }, rule),
            ClusterRole("a-part", new Dictionary<string, string> { ["tier"] = "b" }, rule, Rule(["list"], [""], ["nodes"])),
            ClusterRole("other", new Dictionary<string, string> { ["tier"] = "c" }, Rule(["*"], ["*"], ["*"])),
            aggregating,
        };

        var rules = ClusterRoleAggregationController.Aggregate(aggregating, roles).Select(PolicyRuleText.Compact);

        Assert.That(rules, Is.EqualTo(new[] { "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\"]}", "{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"list\"]}" }));
    }

    [Test]
    public void Rules_are_removed_again_when_the_source_loses_its_label()
    {
        var state = new InMemoryClusterState();
        BootstrapPolicy.Bootstrap(state);
        using var controller = new ClusterRoleAggregationController(state);
        var reader = ClusterRole("reader", ToView, Rule(["get"], ["metrics.k8s.io"], ["pods"]));
        state.Upsert(reader);
        var before = state.Get<V1ClusterRole>(null, "view")!.Rules.Count;

        state.Upsert(ClusterRole("reader", null, Rule(["get"], ["metrics.k8s.io"], ["pods"])));

        Assert.That(state.Get<V1ClusterRole>(null, "view")!.Rules, Has.Count.EqualTo(before - 1));
    }
}
