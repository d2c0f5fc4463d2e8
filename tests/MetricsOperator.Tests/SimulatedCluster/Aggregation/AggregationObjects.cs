using System.Text;
using k8s.Models;

namespace MetricsOperator.Tests.SimulatedCluster.Aggregation;

/// <summary>The APIService, Service and Pod an aggregated backend needs, pointing at a loopback port.</summary>
internal static class AggregationObjects
{
    public const string Namespace = "monitoring";

    public static V1APIService ApiService(string caPem, string serviceName = "metrics-operator", int port = 443, bool available = true) => new()
    {
        ApiVersion = "apiregistration.k8s.io/v1",
        Kind = "APIService",
        Metadata = new V1ObjectMeta { Name = "v1beta1.metrics.k8s.io" },
        Spec = new V1APIServiceSpec
        {
            Group = "metrics.k8s.io",
            Version = "v1beta1",
            GroupPriorityMinimum = 100,
            VersionPriority = 100,
            CaBundle = Encoding.ASCII.GetBytes(caPem),
            Service = new Apiregistrationv1ServiceReference { Name = serviceName, NamespaceProperty = Namespace, Port = port },
        },
        Status = available
            ? new V1APIServiceStatus { Conditions = [new V1APIServiceCondition { Type = "Available", Status = "True", Reason = "Passed" }] }
            : null,
    };

    public static V1Service Service(string name = "metrics-operator") => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = "metrics-operator" },
            Ports = [new V1ServicePort { Name = "https", Port = 443, TargetPort = "https" }],
        },
    };

    public static V1Pod Pod(string name, int containerPort, bool ready = true, string ip = "127.0.0.1") => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace, Labels = new Dictionary<string, string> { ["app"] = "metrics-operator" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "operator", Ports = [new V1ContainerPort { Name = "https", ContainerPort = containerPort }] }] },
        Status = new V1PodStatus
        {
            PodIP = ip,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        },
    };
}
