namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// Which kinds are cluster-scoped. The entity attribute does not say, so the built-in cluster-scoped kinds are listed
/// here and custom ones are added by the caller (the operator adds its own cluster-scoped resource).
/// </summary>
internal sealed class ResourceScopes
{
    private static readonly HashSet<(string Group, string Kind)> BuiltInClusterScoped =
    [
        (string.Empty, "Namespace"),
        (string.Empty, "Node"),
        (string.Empty, "PersistentVolume"),
        (string.Empty, "ComponentStatus"),
        ("apiregistration.k8s.io", "APIService"),
        ("apiextensions.k8s.io", "CustomResourceDefinition"),
        ("rbac.authorization.k8s.io", "ClusterRole"),
        ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
        ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
        ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
        ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
        ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
        ("certificates.k8s.io", "CertificateSigningRequest"),
        ("scheduling.k8s.io", "PriorityClass"),
        ("storage.k8s.io", "StorageClass"),
        ("storage.k8s.io", "CSIDriver"),
        ("storage.k8s.io", "CSINode"),
        ("storage.k8s.io", "VolumeAttachment"),
        ("node.k8s.io", "RuntimeClass"),
        ("flowcontrol.apiserver.k8s.io", "FlowSchema"),
        ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
        ("networking.k8s.io", "IngressClass"),
        ("authentication.k8s.io", "TokenReview"),
        ("authorization.k8s.io", "SubjectAccessReview"),
        ("authorization.k8s.io", "SelfSubjectAccessReview"),
    ];

    private readonly HashSet<Type> _clusterScopedTypes;

    public ResourceScopes(IEnumerable<Type>? clusterScopedTypes = null) => _clusterScopedTypes = [.. clusterScopedTypes ?? []];

    /// <summary>Only the built-in cluster-scoped kinds.</summary>
    public static ResourceScopes BuiltIn { get; } = new();

    public bool IsClusterScoped(Type type, string group, string kind) =>
        _clusterScopedTypes.Contains(type) || BuiltInClusterScoped.Contains((group, kind));
}
