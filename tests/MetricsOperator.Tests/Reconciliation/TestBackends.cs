using k8s.Models;
using MetricsOperator.Api.V1Alpha1;

namespace MetricsOperator.Tests.Reconciliation;

/// <summary>MetricsBackends as the API server would return them, for reconciler tests.</summary>
internal static class TestBackends
{
    public static readonly DateTime Epoch = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public static MetricsBackend Create(string name = "default", int createdMinute = 0, long generation = 1, MetricsBackendSpec? spec = null) =>
        new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Uid = "uid-" + name,
                ResourceVersion = "100",
                Generation = generation,
                CreationTimestamp = Epoch.AddMinutes(createdMinute),
            },
            Spec = spec ?? new MetricsBackendSpec(),
        };

    public static MetricsBackend Deleting(this MetricsBackend backend)
    {
        backend.Metadata.DeletionTimestamp = Epoch.AddDays(1);
        return backend;
    }

    public static MetricsBackend WithFinalizer(this MetricsBackend backend)
    {
        backend.Metadata.Finalizers = ["example.com/other", "metricsoperator.dev/apiservice-cleanup"];
        return backend;
    }
}
