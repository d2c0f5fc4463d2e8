using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Certificates;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.Events;
using MetricsOperator.Reconciliation.Spec;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// Brings the active MetricsBackend's children into their desired shape with server-side apply: the finalizer,
/// both Secrets (certificates planned from what the Secrets hold now), the Service, the APIService (unless another
/// backend owns it and takeover is off) and the reader RBAC. Fills a <see cref="BackendReport"/> as it goes, so a
/// failure part-way still reports the steps that succeeded.
/// </summary>
internal sealed class ChildApplier
{
    private readonly IKubernetesResourceClient _client;
    private readonly IEventRecorder _events;
    private readonly CertificateRotationPlanner _planner;
    private readonly ReconcilerOptions _options;

    public ChildApplier(IKubernetesResourceClient client, IEventRecorder events, CertificateRotationPlanner planner, ReconcilerOptions options)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _planner = planner ?? throw new ArgumentNullException(nameof(planner));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>
    /// Applies every child. <paramref name="report"/> receives each finding as soon as it is known; the result is
    /// when the certificates must be looked at again.
    /// </summary>
    /// <exception cref="ApiCallFailedException">A call failed; <paramref name="report"/> holds what was done before.</exception>
    public async Task<DateTimeOffset> ApplyAsync(MetricsBackend backend, BackendSettings settings, BackendReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(report);
        backend = await EnsureFinalizerAsync(backend, cancellationToken).ConfigureAwait(false);

        var existing = await ApiCallFailedException.Guard(
            $"get APIService {ChildNames.ApiService}",
            () => _client.GetAsync<V1APIService>(null, ChildNames.ApiService, cancellationToken)).ConfigureAwait(false);
        var ownership = ApiServiceOwnership.Of(existing);
        var conflict = ownership.Owner == ApiServiceOwner.Foreign && !settings.ApiService.Takeover;
        if (ownership.Owner == ApiServiceOwner.Foreign && settings.ApiService.Takeover && !PreviousApiService.IsSavedOn(backend))
        {
            await SavePreviousApiServiceAsync(backend, existing!, ownership, cancellationToken).ConfigureAwait(false);
        }

        var plan = await PlanCertificatesAsync(settings, cancellationToken).ConfigureAwait(false);
        await ApplyGuardedAsync(DesiredSecrets.Ca(backend, _options, plan.Material.ToCaSecretData()), report, duringCertificates: true, cancellationToken).ConfigureAwait(false);
        await ApplyGuardedAsync(DesiredService.Build(backend, _options, settings.PodSelector), report, duringCertificates: false, cancellationToken).ConfigureAwait(false);

        // The bundle goes out before the serving certificate, so the certificate served is always one it trusts.
        if (conflict)
        {
            report.ApiService = ApiServiceReport.Conflict(ownership.ServiceDescription!);
        }
        else
        {
            var desired = DesiredApiService.Build(backend, _options, settings.ApiService, plan.Material.CaBundlePem);
            var applied = await ApplyGuardedAsync(desired, report, duringCertificates: false, cancellationToken).ConfigureAwait(false);
            report.ApiService = ApiServiceReport.Applied(applied);
        }

        await ApplyGuardedAsync(DesiredSecrets.Serving(backend, _options, plan.Material.ToServingSecretData()), report, duringCertificates: true, cancellationToken).ConfigureAwait(false);
        report.Certificates = new CertificateReport(plan.Material.ServingNotAfter, plan.Material.CaNotAfter);
        foreach (var change in plan.Changes)
        {
            _events.Record(backend, change.IsWarning ? EventKind.Warning : EventKind.Normal, change.Reason, "RotateCertificates", change.Message);
        }

        await ApplyGuardedAsync(DesiredReaderRbac.ClusterRole(backend), report, duringCertificates: false, cancellationToken).ConfigureAwait(false);
        if (DesiredReaderRbac.ClusterRoleBinding(backend, settings.ExtraReaderSubjects) is { } binding)
        {
            await ApplyGuardedAsync(binding, report, duringCertificates: false, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Guard(
                report,
                $"delete ClusterRoleBinding {ChildNames.ReaderClusterRoleBinding}",
                duringCertificates: false,
                () => _client.DeleteAsync<V1ClusterRoleBinding>(null, ChildNames.ReaderClusterRoleBinding, cancellationToken)).ConfigureAwait(false);
        }

        return plan.NextReviewAt;
    }

    // Returns the patched object: later metadata patches must carry its new resourceVersion.
    private async Task<MetricsBackend> EnsureFinalizerAsync(MetricsBackend backend, CancellationToken cancellationToken)
    {
        var finalizers = backend.Metadata.Finalizers ?? [];
        if (finalizers.Contains(BackendMarkers.ApiServiceCleanupFinalizer))
        {
            return backend;
        }

        var patch = BackendMetadataPatch.Finalizers(backend, [.. finalizers, BackendMarkers.ApiServiceCleanupFinalizer]);
        return await ApiCallFailedException.Guard(
            $"add finalizer {BackendMarkers.ApiServiceCleanupFinalizer} to MetricsBackend {backend.Metadata.Name}",
            () => _client.PatchMetadataAsync<MetricsBackend>(null, backend.Metadata.Name, patch, cancellationToken)).ConfigureAwait(false);
    }

    private async Task SavePreviousApiServiceAsync(
        MetricsBackend backend, V1APIService foreign, ApiServiceOwnership ownership, CancellationToken cancellationToken)
    {
        var patch = BackendMetadataPatch.Annotation(backend, BackendMarkers.PreviousApiServiceAnnotation, PreviousApiService.Serialize(foreign));
        await ApiCallFailedException.Guard(
            $"save the previous APIService on MetricsBackend {backend.Metadata.Name}",
            () => _client.PatchMetadataAsync<MetricsBackend>(null, backend.Metadata.Name, patch, cancellationToken)).ConfigureAwait(false);
        _events.Record(
            backend,
            EventKind.Normal,
            "APIServiceTakenOver",
            "TakeOverAPIService",
            $"took over APIService {ChildNames.ApiService} from {ownership.ServiceDescription}; it is restored when this MetricsBackend is deleted");
    }

    private async Task<CertificatePlan> PlanCertificatesAsync(BackendSettings settings, CancellationToken cancellationToken)
    {
        var ns = _options.OperatorNamespace;
        var ca = await ApiCallFailedException.Guard(
            $"get Secret {ns}/{ChildNames.CaSecret}",
            () => _client.GetAsync<V1Secret>(ns, ChildNames.CaSecret, cancellationToken)).ConfigureAwait(false);
        var serving = await ApiCallFailedException.Guard(
            $"get Secret {ns}/{ChildNames.ServingSecret}",
            () => _client.GetAsync<V1Secret>(ns, ChildNames.ServingSecret, cancellationToken)).ConfigureAwait(false);
        var dnsNames = ServingCertificateDnsNames.For(_options.ServiceName, ns, _options.ClusterDomain);
        return _planner.PlanFromSecretData(ca?.Data, serving?.Data, settings.Certificates, dnsNames);
    }

    private Task<T> ApplyGuardedAsync<T>(T desired, BackendReport report, bool duringCertificates, CancellationToken cancellationToken)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta>
    {
        var name = desired.Metadata.NamespaceProperty is { } ns ? $"{ns}/{desired.Metadata.Name}" : desired.Metadata.Name;
        return Guard(report, $"apply {desired.Kind} {name}", duringCertificates, () => _client.ApplyAsync(desired, cancellationToken));
    }

    private static async Task<T> Guard<T>(BackendReport report, string call, bool duringCertificates, Func<Task<T>> action)
    {
        try
        {
            return await ApiCallFailedException.Guard(call, action).ConfigureAwait(false);
        }
        catch (ApiCallFailedException failure)
        {
            report.Failure = new ApiCallFailure(failure.Call, failure.ApiMessage, duringCertificates);
            throw;
        }
    }

    private static Task Guard(BackendReport report, string call, bool duringCertificates, Func<Task> action) =>
        Guard(report, call, duringCertificates, async () =>
        {
            await action().ConfigureAwait(false);
            return true;
        });
}
