using k8s.Models;

namespace MetricsOperator.Tests.SimulatedCluster.Security;

/// <summary>Builders for the RBAC objects the tests apply.</summary>
internal static class RbacObjects
{
    public static V1PolicyRule Rule(string[] verbs, string[] groups, string[] resources, string[]? names = null) =>
        new() { Verbs = verbs, ApiGroups = groups, Resources = resources, ResourceNames = names };

    public static V1PolicyRule Urls(string[] verbs, string[] urls) => new() { Verbs = verbs, NonResourceURLs = urls };

    public static V1ClusterRole ClusterRole(string name, IDictionary<string, string>? labels = null, params V1PolicyRule[] rules) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "ClusterRole",
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Rules = rules,
    };

    public static V1Role Role(string ns, string name, params V1PolicyRule[] rules) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "Role",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Rules = rules,
    };

    public static Rbacv1Subject User(string name) => new() { Kind = "User", Name = name, ApiGroup = "rbac.authorization.k8s.io" };

    public static Rbacv1Subject Group(string name) => new() { Kind = "Group", Name = name, ApiGroup = "rbac.authorization.k8s.io" };

    public static Rbacv1Subject ServiceAccount(string? ns, string name) => new() { Kind = "ServiceAccount", Name = name, NamespaceProperty = ns };

    public static V1ClusterRoleBinding ClusterBinding(string name, string clusterRole, params Rbacv1Subject[] subjects) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "ClusterRoleBinding",
        Metadata = new V1ObjectMeta { Name = name },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = clusterRole },
        Subjects = subjects,
    };

    public static V1RoleBinding Binding(string ns, string name, string roleKind, string role, params Rbacv1Subject[] subjects) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "RoleBinding",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = roleKind, Name = role },
        Subjects = subjects,
    };

    public static V1ServiceAccount ServiceAccountObject(string ns, string name) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "uid-" + ns + "-" + name },
    };
}
