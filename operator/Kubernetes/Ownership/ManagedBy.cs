namespace MetricsOperator.Kubernetes.Ownership;

/// <summary>The recommended <c>app.kubernetes.io/managed-by</c> label marking objects this operator manages.</summary>
internal static class ManagedBy
{
    public const string Label = "app.kubernetes.io/managed-by";
    public const string Value = "metrics-operator";

    /// <summary><c>app.kubernetes.io/managed-by=metrics-operator</c>, for list/watch label selectors.</summary>
    public const string Selector = Label + "=" + Value;

    public static bool IsManaged(k8s.Models.V1ObjectMeta? metadata) =>
        metadata?.Labels is { } labels && labels.TryGetValue(Label, out var value) && value == Value;
}
