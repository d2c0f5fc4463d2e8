using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Reconciliation.Spec;

namespace MetricsOperator.Reconciliation;

/// <summary>The APIService that makes the aggregation layer route metrics.k8s.io to the operator's Service.</summary>
internal static class DesiredApiService
{
    public const string Group = "metrics.k8s.io";
    public const string Version = "v1beta1";
    public const string ApiVersion = V1APIService.KubeGroup + "/" + V1APIService.KubeApiVersion;

    public static V1APIService Build(MetricsBackend owner, ReconcilerOptions options, ApiServiceSettings settings, byte[] caBundle)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(caBundle);
        return new V1APIService
        {
            ApiVersion = ApiVersion,
            Kind = V1APIService.KubeKind,
            Metadata = ChildMetadata.For(owner, ChildNames.ApiService),
            Spec = new V1APIServiceSpec
            {
                Group = Group,
                Version = Version,
                GroupPriorityMinimum = settings.GroupPriorityMinimum,
                VersionPriority = settings.VersionPriority,
                Service = new Apiregistrationv1ServiceReference
                {
                    Name = options.ServiceName,
                    NamespaceProperty = options.OperatorNamespace,
                    Port = DesiredService.Port,
                },

                // The aggregator refuses a caBundle together with insecureSkipTLSVerify, so it is one or the other.
                CaBundle = settings.InsecureSkipTlsVerify ? null : caBundle,
                InsecureSkipTLSVerify = settings.InsecureSkipTlsVerify ? true : null,
            },
        };
    }
}
