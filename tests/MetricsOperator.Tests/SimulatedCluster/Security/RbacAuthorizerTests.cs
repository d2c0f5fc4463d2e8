using MetricsOperator.SimulatedCluster.Security;
using static MetricsOperator.Tests.SimulatedCluster.Security.RbacObjects;

namespace MetricsOperator.Tests.SimulatedCluster.Security;

[TestFixture]
public sealed class RbacAuthorizerTests
{
    private static readonly UserIdentity Alice = new("alice", ["dev", SystemGroups.Authenticated]);

    private InMemoryClusterState _state = null!;
    private RbacAuthorizer _authorizer = null!;

    [SetUp]
    public void SetUp()
    {
        _state = new InMemoryClusterState();
        _authorizer = new RbacAuthorizer(new RuleResolver(_state));
    }

    [TestCase("get", "", "pods", "", "p1", true)]
    [TestCase("list", "", "pods", "", null, true)]
    [TestCase("delete", "", "pods", "", "p1", false)]
    [TestCase("get", "apps", "pods", "", "p1", false)]
    [TestCase("get", "", "pods", "log", "p1", false)]
    [TestCase("get", "", "pods", "status", "p1", true)]
    [TestCase("update", "apps", "deployments", "scale", "d", true)]
    [TestCase("update", "apps", "deployments", "", "d", false)]
    [TestCase("get", "", "configmaps", "", "allowed", true)]
    [TestCase("get", "", "configmaps", "", "other", false)]
    [TestCase("list", "", "configmaps", "", null, false)]
    [TestCase("create", "metrics.k8s.io", "anything", "", null, true)]
    public void Rule_matching_follows_kube_apiserver(string verb, string group, string resource, string subresource, string? name, bool expected)
    {
        _state.Upsert(ClusterRole(
            "matrix",
            null,
            Rule(["get", "list"], [""], ["pods", "pods/status"]),
            Rule(["update"], ["*"], ["*/scale"]),
            Rule(["get"], [""], ["configmaps"], ["allowed"]),
            Rule(["*"], ["metrics.k8s.io"], ["*"])));
        _state.Upsert(ClusterBinding("matrix", "matrix", Group("dev")));

        var decision = _authorizer.Authorize(Alice, new RequestAttributes(verb, group, "v1", resource, subresource, "ns1", name, true, string.Empty));

        Assert.That(decision.Allowed, Is.EqualTo(expected));
    }

    [TestCase("/apis", true)]
    [TestCase("/apis/metrics.k8s.io/v1beta1", true)]
    [TestCase("/api", true)]
    [TestCase("/healthz", false)]
    [TestCase("/apisx", true)]
    public void Non_resource_urls_match_exactly_or_by_trailing_star(string path, bool expected)
    {
        _state.Upsert(ClusterRole("urls", null, Urls(["get"], ["/api", "/apis*"])));
        _state.Upsert(ClusterBinding("urls", "urls", User("alice")));

        var decision = _authorizer.Authorize(Alice, new RequestAttributes("get", string.Empty, string.Empty, string.Empty, string.Empty, null, null, false, path));

        Assert.That(decision.Allowed, Is.EqualTo(expected));
    }

    [Test]
    public void A_role_binding_grants_only_in_its_namespace_and_names_its_source()
    {
        _state.Upsert(Role("team", "reader", Rule(["list"], [""], ["pods"])));
        _state.Upsert(Binding("team", "read", "Role", "reader", User("alice")));

        var inTeam = _authorizer.Authorize(Alice, Pods("team"));
        var elsewhere = _authorizer.Authorize(Alice, Pods("other"));

        Assert.Multiple(() =>
        {
            Assert.That(inTeam, Is.EqualTo(new AuthorizationDecision(true, "RBAC: allowed by RoleBinding \"read/team\" of Role \"reader\" to User \"alice\"")));
            Assert.That(elsewhere, Is.EqualTo(new AuthorizationDecision(false, string.Empty)));
        });
    }

    [Test]
    public void A_role_binding_to_a_cluster_role_grants_that_role_in_the_binding_namespace_only()
    {
        _state.Upsert(ClusterRole("pod-lister", null, Rule(["list"], [""], ["pods"])));
        _state.Upsert(Binding("team", "read", "ClusterRole", "pod-lister", User("alice")));

        Assert.Multiple(() =>
        {
            Assert.That(_authorizer.Authorize(Alice, Pods("team")).Allowed, Is.True);
            Assert.That(_authorizer.Authorize(Alice, Pods(null)).Allowed, Is.False);
        });
    }

    [Test]
    public void Service_account_subjects_match_their_user_name_and_default_to_the_binding_namespace()
    {
        var account = new UserIdentity("system:serviceaccount:team:bot", ["system:serviceaccounts", "system:serviceaccounts:team", SystemGroups.Authenticated]);
        _state.Upsert(ClusterRole("pod-lister", null, Rule(["list"], [""], ["pods"])));
        _state.Upsert(Binding("team", "unqualified", "ClusterRole", "pod-lister", ServiceAccount(null, "bot")));
        _state.Upsert(ClusterBinding("qualified", "pod-lister", ServiceAccount("elsewhere", "bot")));

        Assert.Multiple(() =>
        {
            Assert.That(_authorizer.Authorize(account, Pods("team")).Allowed, Is.True);
            Assert.That(_authorizer.Authorize(account, Pods("other")).Allowed, Is.False);
            Assert.That(_authorizer.Authorize(account with { Name = "system:serviceaccount:elsewhere:bot" }, Pods("other")).Allowed, Is.True);
        });
    }

    [Test]
    public void System_masters_is_allowed_everything_without_any_binding()
    {
        var admin = new UserIdentity("admin", [SystemGroups.Masters, SystemGroups.Authenticated]);

        Assert.That(_authorizer.Authorize(admin, new RequestAttributes("delete", "", "v1", "nodes", "", null, "n", true, "")).Allowed, Is.True);
    }

    [Test]
    public void A_binding_to_a_missing_role_grants_nothing()
    {
        _state.Upsert(ClusterBinding("dangling", "does-not-exist", User("alice")));

        Assert.That(_authorizer.Authorize(Alice, Pods("team")).Allowed, Is.False);
    }

    [Test]
    public void Bootstrap_view_reads_pods_but_not_secrets_and_discovery_is_open_to_authenticated_users()
    {
        BootstrapPolicy.Bootstrap(_state);
        using var aggregation = new ClusterRoleAggregationController(_state);
        aggregation.Reconcile();
        _state.Upsert(Binding("team", "viewers", "ClusterRole", "view", User("alice")));
        var nobody = new UserIdentity("nobody", [SystemGroups.Authenticated]);

        Assert.Multiple(() =>
        {
            Assert.That(_authorizer.Authorize(Alice, Pods("team")).Allowed, Is.True);
            Assert.That(_authorizer.Authorize(Alice, new RequestAttributes("list", "", "v1", "secrets", "", "team", null, true, "")).Allowed, Is.False);
            Assert.That(_authorizer.Authorize(nobody, Pods("team")).Allowed, Is.False);
            Assert.That(_authorizer.Authorize(nobody, new RequestAttributes("get", "", "", "", "", null, null, false, "/apis/metrics.k8s.io/v1beta1")).Allowed, Is.True);
            Assert.That(_authorizer.Authorize(SystemGroups.Anonymous, new RequestAttributes("get", "", "", "", "", null, null, false, "/version")).Allowed, Is.True);
            Assert.That(_authorizer.Authorize(SystemGroups.Anonymous, new RequestAttributes("get", "", "", "", "", null, null, false, "/apis")).Allowed, Is.False);
        });
    }

    private static RequestAttributes Pods(string? ns) => new("list", string.Empty, "v1", "pods", string.Empty, ns, null, true, string.Empty);
}
