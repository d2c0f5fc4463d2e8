using k8s.Models;
using MetricsOperator.Api.V1Alpha1;

namespace MetricsOperator.Reconciliation;

/// <summary>The two Secrets holding the operator's CA (with its key) and the serving certificate.</summary>
internal static class DesiredSecrets
{
    public const string TlsSecretType = "kubernetes.io/tls";
    public const string OpaqueSecretType = "Opaque";

    public static V1Secret Ca(MetricsBackend owner, ReconcilerOptions options, IDictionary<string, byte[]> data) =>
        Build(owner, options, ChildNames.CaSecret, OpaqueSecretType, data);

    /// <summary>Typed kubernetes.io/tls so tools recognise it; carries tls.crt, tls.key and ca.crt.</summary>
    public static V1Secret Serving(MetricsBackend owner, ReconcilerOptions options, IDictionary<string, byte[]> data) =>
        Build(owner, options, ChildNames.ServingSecret, TlsSecretType, data);

    private static V1Secret Build(MetricsBackend owner, ReconcilerOptions options, string name, string type, IDictionary<string, byte[]> data)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        return new V1Secret
        {
            ApiVersion = V1Secret.KubeApiVersion,
            Kind = V1Secret.KubeKind,
            Metadata = ChildMetadata.For(owner, name, options.OperatorNamespace),
            Type = type,
            Data = new SortedDictionary<string, byte[]>(data, StringComparer.Ordinal),
        };
    }
}
