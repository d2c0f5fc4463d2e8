namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>One page of a LIST: at most <paramref name="Limit"/> items (null: no paging), after <paramref name="Continue"/>.</summary>
internal readonly record struct ListRequest(int? Limit, string? Continue);
