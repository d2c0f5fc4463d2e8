namespace MetricsOperator.Kubernetes.Events;

/// <summary>The <c>type</c> of an Event: Normal for progress, Warning for what an engineer on call should look at.</summary>
internal enum EventKind
{
    Normal,
    Warning,
}
