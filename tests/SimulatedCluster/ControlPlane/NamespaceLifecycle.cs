using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Rest;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>As kube-apiserver's NamespaceLifecycle admission: no creates in a namespace that does not exist or is terminating.</summary>
internal sealed class NamespaceLifecycle : IAdmissionStep
{
    private readonly ObjectStore _store;
    private readonly ResourceType _namespaces;

    public NamespaceLifecycle(ObjectStore store, ResourceRegistry registry)
    {
        _store = store;
        _namespaces = registry.Find("", "v1", "namespaces") ?? throw new InvalidOperationException("namespaces are not registered");
    }

    public JsonObject Admit(AdmissionRequest request)
    {
        if (request.Operation == "CREATE" && request.Type == _namespaces)
        {
            // The namespace controller's part: a new namespace is Active and labelled with its name.
            var created = request.Object;
            created["status"] = new JsonObject { ["phase"] = "Active" };
            var labels = ObjectMeta.Of(created)["labels"] as JsonObject ?? [];
            labels["kubernetes.io/metadata.name"] = ObjectMeta.Name(created);
            ObjectMeta.Of(created)["labels"] = labels;
            return created;
        }

        if (request.Operation != "CREATE" || !request.Type.Namespaced)
        {
            return request.Object;
        }

        var ns = ObjectMeta.Namespace(request.Object) ?? "";
        var found = _store.Get(_namespaces, null, ns) ?? throw ApiException.NotFound(_namespaces, ns);
        if (found["metadata"]?["deletionTimestamp"] is not null)
        {
            throw new ApiException(403, "Forbidden", $"{request.Type.QualifiedResource} \"{ObjectMeta.Name(request.Object)}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated");
        }

        return request.Object;
    }
}
