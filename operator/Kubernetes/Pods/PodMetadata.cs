namespace MetricsOperator.Kubernetes.Pods;

/// <summary>What <see cref="PodMetadataCache"/> keeps of a running pod. <see cref="Labels"/> is shared: do not modify.</summary>
internal readonly record struct PodMetadata(string Namespace, string Name, PodUid Uid, LabelSet Labels);
