namespace MetricsOperator.Reconciliation;

/// <summary>
/// Names of the objects the active MetricsBackend owns. They are fixed (not per backend) because the aggregation
/// layer knows exactly one APIService per group version, and the operator's RBAC limits bind/escalate by name.
/// </summary>
internal static class ChildNames
{
    public const string CaSecret = "metrics-operator-ca";
    public const string ServingSecret = "metrics-operator-serving-cert";
    public const string Service = "metrics-operator";
    public const string ApiService = "v1beta1.metrics.k8s.io";
    public const string ReaderClusterRole = "metrics-operator:metrics-reader";
    public const string ReaderClusterRoleBinding = "metrics-operator:metrics-reader";
}
