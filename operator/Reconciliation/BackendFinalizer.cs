using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.Events;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// Runs when a MetricsBackend is being deleted: first the APIService goes (a metrics APIService without a backend
/// breaks discovery cluster-wide), or the one taken over is put back; then the finalizer is removed and garbage
/// collection takes the other children through their ownerReferences.
/// </summary>
internal sealed class BackendFinalizer
{
    private readonly IKubernetesResourceClient _client;
    private readonly IEventRecorder _events;

    public BackendFinalizer(IKubernetesResourceClient client, IEventRecorder events)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _events = events ?? throw new ArgumentNullException(nameof(events));
    }

    public static bool IsPending(MetricsBackend backend) =>
        backend.Metadata?.Finalizers?.Contains(BackendMarkers.ApiServiceCleanupFinalizer) == true;

    /// <returns>Whether there was anything to do (our finalizer was still there).</returns>
    /// <exception cref="ApiCallFailedException">A call failed; the finalizer stays and the work is retried.</exception>
    public async Task<bool> FinalizeAsync(MetricsBackend backend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (!IsPending(backend))
        {
            return false;
        }

        var existing = await ApiCallFailedException.Guard(
            $"get APIService {ChildNames.ApiService}",
            () => _client.GetAsync<V1APIService>(null, ChildNames.ApiService, cancellationToken)).ConfigureAwait(false);
        var ownership = ApiServiceOwnership.Of(existing);
        var previous = PreviousApiService.Restorable(backend, out var problem);
        if (problem is not null)
        {
            _events.Record(backend, EventKind.Warning, "PreviousAPIServiceUnreadable", "RestoreAPIService", problem + "; the APIService is deleted instead");
        }

        if (previous is not null && (ownership.Owner == ApiServiceOwner.Absent || ownership.MayBeRemovedBy(backend.Metadata.Uid)))
        {
            // Applying without our ownerReference and label hands the object back: it is foreign again.
            await ApiCallFailedException.Guard(
                $"restore APIService {ChildNames.ApiService}",
                () => _client.ApplyAsync(previous, cancellationToken)).ConfigureAwait(false);
            _events.Record(
                backend,
                EventKind.Normal,
                "APIServiceRestored",
                "RestoreAPIService",
                $"restored APIService {ChildNames.ApiService} pointing at Service {previous.Spec.Service?.NamespaceProperty}/{previous.Spec.Service?.Name}");
        }
        else if (existing is not null && ownership.MayBeRemovedBy(backend.Metadata.Uid))
        {
            // The UID precondition keeps a newly active backend's fresh APIService safe from this late delete.
            await ApiCallFailedException.Guard(
                $"delete APIService {ChildNames.ApiService}",
                () => _client.DeleteAsync<V1APIService>(null, ChildNames.ApiService, cancellationToken, existing.Metadata?.Uid)).ConfigureAwait(false);
            _events.Record(backend, EventKind.Normal, "APIServiceDeleted", "DeleteAPIService", $"deleted APIService {ChildNames.ApiService} before the MetricsBackend goes");
        }

        var remaining = backend.Metadata.Finalizers!.Where(f => f != BackendMarkers.ApiServiceCleanupFinalizer).ToList();
        var patch = BackendMetadataPatch.Finalizers(backend, remaining);
        await ApiCallFailedException.Guard(
            $"remove finalizer {BackendMarkers.ApiServiceCleanupFinalizer} from MetricsBackend {backend.Metadata.Name}",
            () => _client.PatchMetadataAsync<MetricsBackend>(null, backend.Metadata.Name, patch, cancellationToken)).ConfigureAwait(false);
        return true;
    }
}
