using k8s.Models;

namespace MetricsOperator.Tests.Scraping;

/// <summary>Builds V1Node objects the way a cluster reports them.</summary>
internal static class Nodes
{
    public static V1Node Node(
        string name,
        IEnumerable<(string Type, string Address)>? addresses = null,
        int? statusPort = null,
        IDictionary<string, string>? annotations = null,
        IDictionary<string, string>? labels = null,
        bool ready = true) =>
        new()
        {
            Metadata = new V1ObjectMeta { Name = name, Annotations = annotations, Labels = labels },
            Status = new V1NodeStatus
            {
                Addresses = addresses?.Select(a => new V1NodeAddress { Type = a.Type, Address = a.Address }).ToList(),
                DaemonEndpoints = statusPort is { } port
                    ? new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = port } }
                    : null,
                Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False" }],
            },
        };

    /// <summary>A node reachable at <paramref name="internalIp"/>, as the fake handler keys its kubelets.</summary>
    public static V1Node WithInternalIp(string name, string internalIp, bool ready = true) =>
        Node(name, [("InternalIP", internalIp)], ready: ready);
}
