using k8s.Models;
using MetricsOperator.SimulatedCluster.ControlPlane;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>
/// The bootstrap RBAC objects kube-apiserver ships (bootstrappolicy) that this product and kubectl rely on:
/// cluster-admin, the aggregated admin/edit/view with their <c>system:aggregate-to-*</c> parts, discovery and
/// public-info access, system:auth-delegator and the extension-apiserver-authentication-reader Role.
/// </summary>
internal static class BootstrapPolicy
{
    public const string AggregateToView = "rbac.authorization.k8s.io/aggregate-to-view";
    public const string AggregateToEdit = "rbac.authorization.k8s.io/aggregate-to-edit";
    public const string AggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin";

    private const string Core = "";
    private const string Rbac = RuleResolver.RbacGroup;
    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "delete", "deletecollection", "patch", "update"];
    private static readonly string[] ReadWrite = [.. Read, .. Write];

    /// <summary>Creates or replaces every bootstrap object in <paramref name="state"/>.</summary>
    public static void Bootstrap(IClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var role in ClusterRoles())
        {
            state.Upsert(role);
        }

        foreach (var binding in ClusterRoleBindings())
        {
            state.Upsert(binding);
        }

        state.Upsert(AuthenticationReaderRole());
    }

    public static IReadOnlyList<V1ClusterRole> ClusterRoles() =>
    [
        ClusterRole("cluster-admin", null, [Rule(["*"], ["*"], ["*"]), NonResource(["*"], ["*"])]),
        Aggregating("admin", AggregateToAdmin, null),
        Aggregating("edit", AggregateToEdit, AggregateToAdmin),
        Aggregating("view", AggregateToView, AggregateToEdit),
        ClusterRole("system:aggregate-to-admin", AggregateToAdmin,
        [
            Rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
            Rule(ReadWrite, [Rbac], ["rolebindings", "roles"]),
        ]),
        ClusterRole("system:aggregate-to-edit", AggregateToEdit,
        [
            Rule(Read, [Core], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
            Rule(["impersonate"], [Core], ["serviceaccounts"]),
            Rule(Write, [Core], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
            Rule(["create"], [Core], ["pods/eviction"]),
            Rule(Write, [Core], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"]),
            Rule(["create"], [Core], ["serviceaccounts/token"]),
            Rule(Write, ["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"]),
            Rule(Write, ["autoscaling"], ["horizontalpodautoscalers"]),
            Rule(Write, ["batch"], ["cronjobs", "jobs"]),
            Rule(Write, ["policy"], ["poddisruptionbudgets"]),
            Rule(Write, ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
            Rule(ReadWrite, ["coordination.k8s.io"], ["leases"]),
        ]),
        ClusterRole("system:aggregate-to-view", AggregateToView,
        [
            Rule(Read, [Core], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
            Rule(Read, [Core], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
            Rule(Read, [Core], ["namespaces"]),
            Rule(Read, ["discovery.k8s.io"], ["endpointslices"]),
            Rule(Read, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
            Rule(Read, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
            Rule(Read, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
            Rule(Read, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
            Rule(Read, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"]),
        ]),
        ClusterRole("system:discovery", null,
            [NonResource(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])]),
        ClusterRole("system:public-info-viewer", null,
            [NonResource(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"])]),
        ClusterRole("system:basic-user", null,
        [
            Rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            Rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]),
        ]),
        ClusterRole("system:auth-delegator", null,
        [
            Rule(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
            Rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
        ]),
    ];

    public static IReadOnlyList<V1ClusterRoleBinding> ClusterRoleBindings() =>
    [
        Binding("cluster-admin", "cluster-admin", [SystemGroups.Masters]),
        Binding("system:discovery", "system:discovery", [SystemGroups.Authenticated]),
        Binding("system:basic-user", "system:basic-user", [SystemGroups.Authenticated]),
        Binding("system:public-info-viewer", "system:public-info-viewer", [SystemGroups.Authenticated, SystemGroups.Unauthenticated]),
    ];

    public static V1Role AuthenticationReaderRole() => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "Role",
        Metadata = new V1ObjectMeta
        {
            Name = "extension-apiserver-authentication-reader",
            NamespaceProperty = "kube-system",
            Labels = Defaults(),
        },
        Rules = [new V1PolicyRule { ApiGroups = [Core], Resources = ["configmaps"], ResourceNames = ["extension-apiserver-authentication"], Verbs = [.. Read] }],
    };

    private static V1ClusterRole Aggregating(string name, string selectorLabel, string? aggregateToLabel)
    {
        var role = ClusterRole(name, aggregateToLabel, []);
        role.AggregationRule = new V1AggregationRule
        {
            ClusterRoleSelectors = [new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [selectorLabel] = "true" } }],
        };
        return role;
    }

    private static V1ClusterRole ClusterRole(string name, string? aggregateToLabel, IList<V1PolicyRule> rules)
    {
        var labels = Defaults();
        if (aggregateToLabel is not null)
        {
            labels[aggregateToLabel] = "true";
        }

        return new V1ClusterRole
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRole",
            Metadata = new V1ObjectMeta { Name = name, Labels = labels, Annotations = new Dictionary<string, string> { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" } },
            Rules = rules,
        };
    }

    private static V1ClusterRoleBinding Binding(string name, string role, IEnumerable<string> groups) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "ClusterRoleBinding",
        Metadata = new V1ObjectMeta { Name = name, Labels = Defaults(), Annotations = new Dictionary<string, string> { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" } },
        RoleRef = new V1RoleRef { ApiGroup = Rbac, Kind = "ClusterRole", Name = role },
        Subjects = [.. groups.Select(g => new Rbacv1Subject { ApiGroup = Rbac, Kind = "Group", Name = g })],
    };

    private static Dictionary<string, string> Defaults() => new() { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };

    private static V1PolicyRule Rule(IEnumerable<string> verbs, IEnumerable<string> groups, IEnumerable<string> resources) =>
        new() { Verbs = [.. verbs], ApiGroups = [.. groups], Resources = [.. resources] };

    private static V1PolicyRule NonResource(IEnumerable<string> verbs, IEnumerable<string> urls) =>
        new() { Verbs = [.. verbs], NonResourceURLs = [.. urls] };
}
