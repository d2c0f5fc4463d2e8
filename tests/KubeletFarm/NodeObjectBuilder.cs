using System.Globalization;
using k8s.Models;

namespace MetricsOperator.KubeletFarm;

/// <summary>Builds the <see cref="V1Node"/> an apiserver would hold for a simulated kubelet.</summary>
internal static class NodeObjectBuilder
{
    public const string KubeletVersion = "v1.31.0";

    public static V1Node Build(SimulatedNode node)
    {
        var shape = node.Catalog.Shape;
        var now = node.Time.GetUtcNow().UtcDateTime;
        var resources = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(shape.NodeCpuCores.ToString(CultureInfo.InvariantCulture)),
            // The kubelet reports memory in Ki.
            ["memory"] = new((shape.NodeMemoryBytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki"),
            ["pods"] = new(shape.NodeMaxPods.ToString(CultureInfo.InvariantCulture)),
        };
        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta
            {
                Name = node.Name,
                Uid = DeterministicUid(node),
                CreationTimestamp = node.BootTime.UtcDateTime,
                Labels = new Dictionary<string, string>(node.Labels, StringComparer.Ordinal),
            },
            Spec = new V1NodeSpec { ProviderID = "kubelet-farm://" + node.Name },
            Status = new V1NodeStatus
            {
                Addresses =
                [
                    new V1NodeAddress { Type = "InternalIP", Address = node.Address.ToString() },
                    new V1NodeAddress { Type = "Hostname", Address = node.Name },
                ],
                DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = node.Port } },
                Capacity = resources,
                Allocatable = new Dictionary<string, ResourceQuantity>(resources, StringComparer.Ordinal),
                Conditions =
                [
                    new V1NodeCondition
                    {
                        Type = "Ready",
                        Status = node.Ready ? "True" : "False",
                        Reason = node.Ready ? "KubeletReady" : "KubeletNotReady",
                        Message = node.Ready ? "kubelet is posting ready status" : "simulated kubelet marked not ready",
                        LastHeartbeatTime = now,
                        LastTransitionTime = node.BootTime.UtcDateTime,
                    },
                ],
                NodeInfo = new V1NodeSystemInfo
                {
                    Architecture = "amd64",
                    OperatingSystem = "linux",
                    KubeletVersion = KubeletVersion,
                    KubeProxyVersion = KubeletVersion,
                    ContainerRuntimeVersion = "containerd://1.7.0",
                    KernelVersion = "6.1.0",
                    OsImage = "kubelet-farm",
                    BootID = DeterministicUid(node),
                    MachineID = node.Name,
                    SystemUUID = DeterministicUid(node),
                },
            },
        };
    }

    private static string DeterministicUid(SimulatedNode node)
    {
        Span<byte> bytes = stackalloc byte[16];
        new Random(unchecked((node.Catalog.Shape.Seed * 7_919) + node.Index)).NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
