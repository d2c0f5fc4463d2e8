using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MetricsOperator.KubeletFarm;
using MetricsOperator.SimulatedCluster.ControlPlane;

namespace MetricsOperator.SimulatedCluster.Sandbox;

/// <summary>
/// Registers in the stand-in what the simulated kubelets report: a Node per kubelet and a Running, Ready Pod per
/// simulated pod (scheduled on it, with a loopback podIP), their namespaces too; and the objects of a seed file.
/// </summary>
internal static class WorkloadRegistration
{
    public static int RegisterFarm(IClusterState state, KubeletFarmHost farm)
    {
        var count = 0;
        foreach (var node in farm.Nodes)
        {
            state.Upsert(node.ToV1Node());
            foreach (var pod in node.Pods)
            {
                EnsureNamespace(state, pod.Namespace);
                state.Upsert(new V1Pod
                {
                    ApiVersion = "v1",
                    Kind = "Pod",
                    Metadata = new V1ObjectMeta { Name = pod.Name, NamespaceProperty = pod.Namespace, Labels = pod.Labels.ToDictionary() },
                    Spec = new V1PodSpec
                    {
                        NodeName = node.Name,
                        Containers = [.. pod.Containers.Select(c => new V1Container { Name = c.Name, Image = "registry.example/" + c.Name + ":1" })],
                    },
                    Status = RunningStatus(node.Address.ToString(), pod.StartTime),
                });
                count++;
            }
        }

        return count;
    }

    /// <summary>A YAML List (or single objects, "---"-separated) of Nodes and Pods as <c>kubectl get -o yaml</c> prints them.</summary>
    public static int RegisterSeed(IClusterState state, string path)
    {
        var count = 0;
        var documents = System.Text.RegularExpressions.Regex.Split(File.ReadAllText(path), "^---\\s*$", System.Text.RegularExpressions.RegexOptions.Multiline);
        foreach (var document in documents.Where(d => !string.IsNullOrWhiteSpace(d)))
        {
            var root = Rest.YamlToJson.Convert(document) as JsonObject ?? throw new InvalidDataException($"{path}: a document is not an object");
            IEnumerable<JsonObject> items = root["kind"]?.ToString() == "List" ? (root["items"] as JsonArray ?? []).OfType<JsonObject>() : [root];
            foreach (var item in items)
            {
                var json = item.ToJsonString();
                switch (item["kind"]?.ToString())
                {
                    case "Node":
                        state.Upsert(KubernetesJson.Deserialize<V1Node>(json));
                        break;
                    case "Pod":
                        var pod = KubernetesJson.Deserialize<V1Pod>(json);
                        EnsureNamespace(state, pod.Metadata?.NamespaceProperty ?? "default");
                        pod.Metadata!.NamespaceProperty ??= "default";
                        state.Upsert(pod);
                        break;
                    case var kind:
                        throw new InvalidDataException($"{path}: only Node and Pod objects can be seeded, not {kind ?? "an object without kind"}");
                }

                count++;
            }
        }

        return count;
    }

    public static V1PodStatus RunningStatus(string podIp, DateTimeOffset started) => new()
    {
        Phase = "Running",
        PodIP = podIp,
        PodIPs = [new V1PodIP { Ip = podIp }],
        StartTime = started.UtcDateTime,
        Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = started.UtcDateTime }],
    };

    public static void EnsureNamespace(IClusterState state, string name)
    {
        if (state.Get<V1Namespace>(null, name) is null)
        {
            state.Upsert(new V1Namespace
            {
                ApiVersion = "v1",
                Kind = "Namespace",
                Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = name } },
                Status = new V1NamespaceStatus { Phase = "Active" },
            });
        }
    }
}
