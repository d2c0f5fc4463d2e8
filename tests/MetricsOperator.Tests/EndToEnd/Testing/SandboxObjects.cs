using k8s.Models;
using MetricsOperator.KubeletFarm;
using MetricsOperator.SimulatedCluster.ControlPlane;

namespace MetricsOperator.Tests.EndToEnd.Testing;

/// <summary>The objects the sandbox registers directly, as kubelets and the Deployment controller would: Nodes, their Pods, the operator's Pods.</summary>
internal static class SandboxObjects
{
    /// <summary>The Pod a Deployment would have made for <paramref name="process"/>: not Ready until the sandbox says so.</summary>
    public static V1Pod OperatorPod(OperatorProcess process, string ns, string serviceAccount, string nodeName) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = process.PodName,
            NamespaceProperty = ns,
            Uid = Guid.NewGuid().ToString(),
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "metrics-operator" },
        },
        Spec = new V1PodSpec
        {
            NodeName = nodeName,
            ServiceAccountName = serviceAccount,
            Containers = [new V1Container { Name = "metrics-operator", Image = "metrics-operator:dev", Ports = [new V1ContainerPort { Name = "https", ContainerPort = process.Port, Protocol = "TCP" }] }],
        },
        Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = process.Address.ToString(),
            StartTime = DateTime.UtcNow,
            Conditions = [new V1PodCondition { Type = "Ready", Status = "False" }],
        },
    };

    /// <summary>Nodes and their Pods as the kubelets would have registered them.</summary>
    public static void RegisterFarm(IClusterState state, KubeletFarmHost farm)
    {
        foreach (var ns in farm.Nodes.SelectMany(n => n.Pods).Select(p => p.Namespace).Distinct(StringComparer.Ordinal))
        {
            state.Upsert(new V1Namespace
            {
                ApiVersion = "v1",
                Kind = "Namespace",
                Metadata = new V1ObjectMeta { Name = ns, Labels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = ns } },
                Status = new V1NamespaceStatus { Phase = "Active" },
            });
        }

        foreach (var node in farm.Nodes)
        {
            state.Upsert(node.ToV1Node());
            foreach (var pod in node.Pods)
            {
                state.Upsert(new V1Pod
                {
                    ApiVersion = "v1",
                    Kind = "Pod",
                    Metadata = new V1ObjectMeta { Name = pod.Name, NamespaceProperty = pod.Namespace, Uid = pod.Uid, Labels = new Dictionary<string, string>(pod.Labels) },
                    Spec = new V1PodSpec { NodeName = node.Name, Containers = [.. pod.Containers.Select(c => new V1Container { Name = c.Name, Image = "registry.test/" + c.Name })] },
                    Status = new V1PodStatus { Phase = "Running", StartTime = pod.StartTime.UtcDateTime, Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] },
                });
            }
        }
    }
}
