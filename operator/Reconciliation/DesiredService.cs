using k8s.Models;
using MetricsOperator.Api.V1Alpha1;

namespace MetricsOperator.Reconciliation;

/// <summary>The Service in front of the operator's pods that the APIService points at.</summary>
internal static class DesiredService
{
    public const int Port = 443;
    public const string TargetPortName = "https";

    public static V1Service Build(MetricsBackend owner, ReconcilerOptions options, IReadOnlyDictionary<string, string> podSelector)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(podSelector);
        return new V1Service
        {
            ApiVersion = V1Service.KubeApiVersion,
            Kind = V1Service.KubeKind,
            Metadata = ChildMetadata.For(owner, options.ServiceName, options.OperatorNamespace),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = new SortedDictionary<string, string>(podSelector.ToDictionary(), StringComparer.Ordinal),
                Ports =
                [
                    new V1ServicePort
                    {
                        Name = TargetPortName,
                        Protocol = "TCP",
                        Port = Port,
                        TargetPort = TargetPortName,
                    },
                ],
            },
        };
    }
}
