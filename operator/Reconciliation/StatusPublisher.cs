using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.Conditions;
using MetricsOperator.Kubernetes.Events;
using MetricsOperator.Kubernetes.Serialization;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// Writes a MetricsBackend's status only when it differs from the stored one (a write per reconcile would wake every
/// watcher for nothing), and records an event for each condition that changed status or reason. The write is a
/// server-side apply of the whole status, so a part left out (node counts of a superseded backend) is removed.
/// </summary>
internal sealed class StatusPublisher
{
    private readonly IKubernetesResourceClient _client;
    private readonly IEventRecorder _events;

    public StatusPublisher(IKubernetesResourceClient client, IEventRecorder events)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _events = events ?? throw new ArgumentNullException(nameof(events));
    }

    /// <returns>Whether a patch was sent.</returns>
    /// <exception cref="ApiCallFailedException">The status patch failed.</exception>
    public async Task<bool> PublishAsync(MetricsBackend backend, MetricsBackendStatus next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(next);
        var current = backend.Status ?? new MetricsBackendStatus();
        if (KubernetesJsonSerializer.Serialize(current) == KubernetesJsonSerializer.Serialize(next))
        {
            return false;
        }

        var desired = new MetricsBackend
        {
            Metadata = new V1ObjectMeta { Name = backend.Metadata.Name, Uid = backend.Metadata.Uid },
            Status = next,
        };
        await ApiCallFailedException.Guard(
            $"update the status of MetricsBackend {backend.Metadata.Name}",
            () => _client.ApplyStatusAsync(desired, cancellationToken)).ConfigureAwait(false);
        RecordTransitions(backend, current.Conditions, next.Conditions);
        return true;
    }

    private void RecordTransitions(MetricsBackend backend, IList<V1Condition>? before, IList<V1Condition>? after)
    {
        foreach (var condition in after ?? [])
        {
            var previous = ConditionSet.Find(before, condition.Type);
            if (previous is not null && previous.Status == condition.Status && previous.Reason == condition.Reason)
            {
                continue;
            }

            var kind = condition.Status == "False" ? EventKind.Warning : EventKind.Normal;
            _events.Record(backend, kind, condition.Reason, "Reconcile", $"{condition.Type} is {condition.Status}: {condition.Message}");
        }
    }
}
