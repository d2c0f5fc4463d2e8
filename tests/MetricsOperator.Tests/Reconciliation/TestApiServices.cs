using k8s.Models;
using MetricsOperator.Api.V1Alpha1;

namespace MetricsOperator.Tests.Reconciliation;

/// <summary>v1beta1.metrics.k8s.io APIServices as other backends or the reconciler leave them.</summary>
internal static class TestApiServices
{
    public static V1APIService Foreign(string serviceNamespace, string serviceName) => new()
    {
        ApiVersion = "apiregistration.k8s.io/v1",
        Kind = "APIService",
        Metadata = new V1ObjectMeta { Name = "v1beta1.metrics.k8s.io", Uid = "apiservice-uid", Labels = new Dictionary<string, string> { ["k8s-app"] = "metrics-server" } },
        Spec = new V1APIServiceSpec
        {
            Group = "metrics.k8s.io",
            Version = "v1beta1",
            GroupPriorityMinimum = 100,
            VersionPriority = 100,
            InsecureSkipTLSVerify = true,
            Service = new Apiregistrationv1ServiceReference { NamespaceProperty = serviceNamespace, Name = serviceName, Port = 443 },
        },
    };

    public static V1APIService OwnedBy(MetricsBackend backend, string? availableStatus = null, string reason = "Passed", string message = "all checks passed")
    {
        var apiService = Foreign("metrics-operator", "metrics-operator");
        apiService.Metadata.Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "metrics-operator" };
        apiService.Metadata.OwnerReferences =
        [
            new V1OwnerReference
            {
                ApiVersion = MetricsBackend.GroupVersion, Kind = MetricsBackend.KubeKind, Name = backend.Metadata.Name, Uid = backend.Metadata.Uid, Controller = true,
            },
        ];
        if (availableStatus is not null)
        {
            apiService.Status = new V1APIServiceStatus
            {
                Conditions = [new V1APIServiceCondition { Type = "Available", Status = availableStatus, Reason = reason, Message = message }],
            };
        }

        return apiService;
    }
}
