using System.Runtime.InteropServices;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Serving.Api;

/// <summary>A request for metrics that passed the checks every endpoint makes: verb, watch, selectors, representation.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct MetricsRequest(
    IMetricsRepresentation Representation, LabelSelector Labels, FieldSelector Fields, RepresentationContext Context);
