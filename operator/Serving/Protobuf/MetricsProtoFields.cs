namespace MetricsOperator.Serving.Protobuf;

/// <summary>
/// Field numbers of the messages we write, from the upstream <c>generated.proto</c> files of k8s.io/metrics
/// (pkg/apis/metrics/v1beta1) and k8s.io/apimachinery (pkg/apis/meta/v1, pkg/api/resource, pkg/runtime).
/// They are the wire contract: a client decodes by number, never by name.
/// </summary>
internal static class MetricsProtoFields
{
    /// <summary>k8s.io.metrics.pkg.apis.metrics.v1beta1.NodeMetrics.</summary>
    internal static class NodeMetrics
    {
        public const int Metadata = 1;
        public const int Timestamp = 2;
        public const int Window = 3;
        public const int Usage = 4;
    }

    /// <summary>k8s.io.metrics.pkg.apis.metrics.v1beta1.PodMetrics.</summary>
    internal static class PodMetrics
    {
        public const int Metadata = 1;
        public const int Timestamp = 2;
        public const int Window = 3;
        public const int Containers = 4;
    }

    /// <summary>k8s.io.metrics.pkg.apis.metrics.v1beta1.ContainerMetrics.</summary>
    internal static class ContainerMetrics
    {
        public const int Name = 1;
        public const int Usage = 2;
    }

    /// <summary>NodeMetricsList and PodMetricsList.</summary>
    internal static class List
    {
        public const int Metadata = 1;
        public const int Items = 2;
    }

    /// <summary>k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta (the fields we fill).</summary>
    internal static class ObjectMeta
    {
        public const int Name = 1;
        public const int Namespace = 3;
        public const int CreationTimestamp = 8;
        public const int Labels = 11;
    }

    /// <summary>k8s.io.apimachinery.pkg.apis.meta.v1.Time; nanos (2) is never written.</summary>
    internal static class Time
    {
        public const int Seconds = 1;
    }

    /// <summary>k8s.io.apimachinery.pkg.apis.meta.v1.Duration: an int64 of nanoseconds.</summary>
    internal static class Duration
    {
        public const int Nanoseconds = 1;
    }

    /// <summary>k8s.io.apimachinery.pkg.api.resource.Quantity: its canonical string.</summary>
    internal static class Quantity
    {
        public const int String = 1;
    }

    /// <summary>The implicit entry message of every protobuf <c>map</c> field.</summary>
    internal static class MapEntry
    {
        public const int Key = 1;
        public const int Value = 2;
    }

    /// <summary>k8s.io.apimachinery.pkg.runtime.Unknown, the envelope of every Kubernetes protobuf body.</summary>
    internal static class Unknown
    {
        public const int TypeMeta = 1;
        public const int Raw = 2;
    }

    /// <summary>k8s.io.apimachinery.pkg.runtime.TypeMeta.</summary>
    internal static class TypeMeta
    {
        public const int ApiVersion = 1;
        public const int Kind = 2;
    }
}
