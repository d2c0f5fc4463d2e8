namespace MetricsOperator.Serving.Health;

/// <summary>
/// The three probe endpoints. A check belongs to a probe by carrying its name as a tag, so other parts can add
/// checks with <c>AddCheck&lt;T&gt;(name, tags: [HealthProbes.Readyz])</c>; output follows registration order.
/// </summary>
internal static class HealthProbes
{
    public const string Livez = "livez";
    public const string Readyz = "readyz";
    public const string Healthz = "healthz";

    public static readonly IReadOnlyList<string> All = [Livez, Readyz, Healthz];
}

/// <summary>Check names; those metrics-server has keep its names.</summary>
internal static class HealthCheckNames
{
    public const string Ping = "ping";
    public const string Log = "log";
    public const string ServingCertificate = "serving-certificate";
    public const string MetricStorageReady = "metric-storage-ready";
    public const string MetricInformerSync = "metric-informer-sync";
    public const string MetricCollectionTimely = "metric-collection-timely";
    public const string Shutdown = "shutdown";
}
