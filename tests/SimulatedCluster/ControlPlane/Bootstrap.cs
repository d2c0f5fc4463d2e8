using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>What a fresh cluster already has: the default, kube-system, kube-public and kube-node-lease namespaces.</summary>
internal static class Bootstrap
{
    public static void CreateSystemNamespaces(ObjectStore store, ResourceRegistry registry)
    {
        var namespaces = registry.Find("", "v1", "namespaces")!;
        foreach (var name in (string[])["default", "kube-system", "kube-public", "kube-node-lease"])
        {
            store.Write(namespaces, null, name, _ => new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name },
                },
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            });
        }
    }
}
