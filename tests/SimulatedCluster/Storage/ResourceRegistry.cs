namespace MetricsOperator.SimulatedCluster.Storage;

/// <summary>
/// The resources the stand-in serves: the built-in kinds the product touches, plus those of applied CRDs.
/// Thread-safe; readers see a snapshot.
/// </summary>
internal sealed class ResourceRegistry
{
    private static readonly string[] Meta = ["metadata.name", "metadata.namespace"];

    private readonly Lock _gate = new();
    private IReadOnlyList<ResourceType> _types;

    public ResourceRegistry()
    {
        _types = BuiltIn();
    }

    /// <summary>Raised when custom resources are added or removed.</summary>
    public event Action? TypesChanged;

    public IReadOnlyList<ResourceType> Types => _types;

    public ResourceType? Find(string group, string version, string plural) =>
        _types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public ResourceType? FindKind(string group, string kind) =>
        _types.FirstOrDefault(t => t.Group == group && t.Kind == kind);

    public IEnumerable<string> Groups() => _types.Select(t => t.Group).Distinct();

    /// <summary>Replaces every custom resource with those the current CRDs define.</summary>
    public void ReplaceCustom(IReadOnlyList<ResourceType> custom)
    {
        lock (_gate)
        {
            _types = [.. _types.Where(t => !t.IsCustom), .. custom];
        }

        TypesChanged?.Invoke();
    }

    private static List<ResourceType> BuiltIn()
    {
        var all = ResourceType.AllVerbs;
        string[] pod = [.. Meta, "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"];
        string[] evt = [.. Meta, "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"];
        return
        [
            new("", "v1", "namespaces", "namespace", "Namespace", false, ["ns"], ["create", "delete", "get", "list", "patch", "update", "watch"], [], true, [.. Meta, "status.phase"]),
            new("", "v1", "nodes", "node", "Node", false, ["no"], all, [], true, [.. Meta, "spec.unschedulable"]),
            new("", "v1", "pods", "pod", "Pod", true, ["po"], all, ["all"], true, pod),
            new("", "v1", "services", "service", "Service", true, ["svc"], ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], ["all"], true, Meta),
            new("", "v1", "endpoints", "endpoints", "Endpoints", true, ["ep"], all, [], false, Meta),
            new("", "v1", "secrets", "secret", "Secret", true, [], all, [], false, [.. Meta, "type"]),
            new("", "v1", "configmaps", "configmap", "ConfigMap", true, ["cm"], all, [], false, Meta),
            new("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, ["sa"], all, [], false, Meta),
            new("", "v1", "events", "event", "Event", true, ["ev"], all, [], false, evt),
            new("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, [], all, [], false, Meta),
            new("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, [], all, [], false, Meta),
            new("events.k8s.io", "v1", "events", "event", "Event", true, ["ev"], all, [], false, Meta),
            new("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, [], all, [], false, Meta),
            new("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, [], all, [], false, Meta),
            new("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, [], all, [], false, Meta),
            new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, [], all, [], false, Meta),
            new("apiregistration.k8s.io", "v1", "apiservices", "apiservice", "APIService", false, [], all, ["api-extensions"], true, Meta),
            new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false, ["crd", "crds"], all, ["api-extensions"], true, Meta),
            new("authentication.k8s.io", "v1", "tokenreviews", "tokenreview", "TokenReview", false, [], ResourceType.CreateOnly, [], false, Meta),
            new("authorization.k8s.io", "v1", "subjectaccessreviews", "subjectaccessreview", "SubjectAccessReview", false, [], ResourceType.CreateOnly, [], false, Meta),
            new("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", false, [], ResourceType.CreateOnly, [], false, Meta),
        ];
    }
}
