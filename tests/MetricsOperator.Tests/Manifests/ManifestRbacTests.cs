using k8s.Models;

namespace MetricsOperator.Tests.Manifests;

/// <summary>The operator's own permissions: what the issue lists, nothing wider.</summary>
[TestFixture]
internal sealed class ManifestRbacTests
{
    private const string ReaderRole = "metrics-operator:metrics-reader";

    private List<object> _objects = [];

    [OneTimeSetUp]
    public async Task RenderAsync() =>
        _objects = KustomizeRenderer.LoadStrictly(await KustomizeRenderer.RenderAsync(KustomizeRenderer.ManifestsDirectory));

    private IEnumerable<V1PolicyRule> ClusterRules => _objects.Single<V1ClusterRole>("metrics-operator").Rules;

    private IEnumerable<V1PolicyRule> NamespaceRules => _objects.Single<V1Role>("metrics-operator").Rules;

    [Test]
    public void NoRuleUsesAWildcard()
    {
        var rules = _objects.Rules().ToList();

        Assert.That(rules, Is.Not.Empty);
        Assert.That(
            rules.SelectMany(r => (IEnumerable<string>)[.. r.ApiGroups ?? [], .. r.Resources ?? [], .. r.Verbs ?? [], .. r.ResourceNames ?? [], .. r.NonResourceURLs ?? []]),
            Has.None.Contains("*"));
    }

    [TestCase("", "nodes/metrics", "get")]
    [TestCase("", "nodes", "get")]
    [TestCase("", "nodes", "list")]
    [TestCase("", "nodes", "watch")]
    [TestCase("", "pods", "list")]
    [TestCase("", "pods", "watch")]
    [TestCase("authentication.k8s.io", "tokenreviews", "create")]
    [TestCase("authorization.k8s.io", "subjectaccessreviews", "create")]
    [TestCase("apiregistration.k8s.io", "apiservices", "watch")]
    [TestCase("apiregistration.k8s.io", "apiservices", "create")]
    [TestCase("apiregistration.k8s.io", "apiservices", "patch")]
    [TestCase("apiregistration.k8s.io", "apiservices", "delete")]
    [TestCase("metricsoperator.dev", "metricsbackends", "watch")]
    [TestCase("metricsoperator.dev", "metricsbackends", "patch")]
    [TestCase("metricsoperator.dev", "metricsbackends/status", "patch")]
    [TestCase("metricsoperator.dev", "metricsbackends/finalizers", "update")]
    [TestCase("rbac.authorization.k8s.io", "clusterroles", "create")]
    [TestCase("rbac.authorization.k8s.io", "clusterrolebindings", "patch")]
    [TestCase("rbac.authorization.k8s.io", "clusterrolebindings", "delete")]
    [TestCase("events.k8s.io", "events", "create")]
    [TestCase("events.k8s.io", "events", "patch")]
    public void TheClusterRoleGrants(string apiGroup, string resource, string verb)
    {
        Assert.That(ClusterRules.Allows(apiGroup, resource, verb), Is.True);
    }

    [TestCase("", "secrets", "get")]
    [TestCase("", "services", "list")]
    [TestCase("", "configmaps", "get")]
    [TestCase("", "nodes", "update")]
    [TestCase("", "pods", "delete")]
    [TestCase("metricsoperator.dev", "metricsbackends", "create")]
    [TestCase("metricsoperator.dev", "metricsbackends", "delete")]
    [TestCase("coordination.k8s.io", "leases", "update")]
    [TestCase("rbac.authorization.k8s.io", "clusterroles", "escalate")]
    [TestCase("rbac.authorization.k8s.io", "clusterroles", "bind")]
    [TestCase("rbac.authorization.k8s.io", "roles", "create")]
    public void TheClusterRoleDoesNotGrantClusterWide(string apiGroup, string resource, string verb)
    {
        Assert.That(ClusterRules.Allows(apiGroup, resource, verb), Is.False);
    }

    [TestCase("bind")]
    [TestCase("escalate")]
    public void BindAndEscalateAreLimitedToTheMetricsReaderRole(string verb)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ClusterRules.Allows("rbac.authorization.k8s.io", "clusterroles", verb, ReaderRole), Is.True);
            Assert.That(ClusterRules.Allows("rbac.authorization.k8s.io", "clusterroles", verb, "cluster-admin"), Is.False);
            Assert.That(ClusterRules.Where(r => r.Verbs.Contains(verb)).Select(r => r.ResourceNames), Has.All.EqualTo(new[] { ReaderRole }));
        });
    }

    [TestCase("", "secrets")]
    [TestCase("", "services")]
    [TestCase("coordination.k8s.io", "leases")]
    public void TheNamespacedRoleManagesSecretsServicesAndLeases(string apiGroup, string resource)
    {
        string[] verbs = ["get", "list", "watch", "create", "update", "patch", "delete"];

        Assert.That(verbs.Where(verb => !NamespaceRules.Allows(apiGroup, resource, verb)), Is.Empty);
    }

    [TestCase("ClusterRoleBinding", "metrics-operator", null, "ClusterRole", "metrics-operator")]
    [TestCase("ClusterRoleBinding", "metrics-operator:system:auth-delegator", null, "ClusterRole", "system:auth-delegator")]
    [TestCase("RoleBinding", "metrics-operator", "metrics-operator", "Role", "metrics-operator")]
    [TestCase("RoleBinding", "metrics-operator:auth-reader", "kube-system", "Role", "extension-apiserver-authentication-reader")]
    public void EachBindingGivesItsRoleToTheOperatorsServiceAccount(string kind, string name, string? ns, string roleKind, string roleName)
    {
        var (metadata, roleRef, subjects) = kind == "ClusterRoleBinding"
            ? _objects.Single<V1ClusterRoleBinding>(name) is var c ? (c.Metadata, c.RoleRef, c.Subjects) : default
            : _objects.Single<V1RoleBinding>(name) is var r ? (r.Metadata, r.RoleRef, r.Subjects) : default;
        var account = _objects.OfType<V1ServiceAccount>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(metadata.NamespaceProperty, Is.EqualTo(ns));
            Assert.That((roleRef.ApiGroup, roleRef.Kind, roleRef.Name), Is.EqualTo(("rbac.authorization.k8s.io", roleKind, roleName)));
            Assert.That(subjects.Select(s => (s.Kind, s.Name, s.NamespaceProperty)), Is.EqualTo(new[] { ("ServiceAccount", account.Metadata.Name, account.Metadata.NamespaceProperty) }));
        });
    }
}
