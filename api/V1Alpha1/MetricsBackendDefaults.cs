namespace MetricsOperator.Api.V1Alpha1;

/// <summary>
/// The defaults the CRD schema applies, for the operator to apply again to objects stored before a default existed.
/// A test keeps these equal to the schema's <c>default</c> values.
/// </summary>
public static class MetricsBackendDefaults
{
    public const int GroupPriorityMinimum = 100;
    public const int VersionPriority = 100;
    public const bool Takeover = false;
    public const bool InsecureSkipTlsVerify = false;

    public const string Resolution = "15s";
    public const bool UseNodeStatusPort = true;
    public static readonly IReadOnlyList<string> PreferredAddressTypes =
        [NodeAddressTypes.InternalIP, NodeAddressTypes.ExternalIP, NodeAddressTypes.Hostname];

    /// <summary>The key of a kubelet CA Secret when <see cref="SecretKeyReference.Key"/> is absent.</summary>
    public const string KubeletCaSecretKey = "ca.crt";

    public const string CaValidity = "43800h";
    public const string ServingValidity = "8760h";

    public const bool SwapUsage = false;
    public static readonly IReadOnlyDictionary<string, string> PodSelector =
        new Dictionary<string, string> { ["app.kubernetes.io/name"] = "metrics-operator" };
}
