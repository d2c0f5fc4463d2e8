using k8s.Autorest;
using k8s.LeaderElection;
using k8s.Models;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Kubernetes.LeaderElection;

/// <summary>
/// The client's <c>LeaseLock</c> over <see cref="IKubernetesResourceClient"/> instead of the typed client, whose first
/// call would load KubernetesClient's all-models JSON context (~10 MiB resident) into every replica. Same record
/// mapping and the same contract towards <see cref="LeaderElector"/>: a missing lease reads as no record, an API error on
/// read is an <see cref="HttpOperationException"/> (the elector retries those), and a failed create or update is false.
/// </summary>
internal sealed class LeaseResourceLock : ILock
{
    private const int DefaultLeaseDurationSeconds = 15;
    private readonly IKubernetesResourceClient _client;
    private readonly string _namespace;
    private readonly string _name;
    private V1Lease? _lease;

    public LeaseResourceLock(IKubernetesResourceClient client, string @namespace, string name, string identity)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        _client = client;
        _namespace = @namespace;
        _name = name;
        Identity = identity;
    }

    public string Identity { get; }

    public async Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        V1Lease? lease;
        try
        {
            lease = await _client.GetAsync<V1Lease>(_namespace, _name, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException error)
        {
            throw AsOperationException(error);
        }

        Interlocked.Exchange(ref _lease, lease);

        // No record makes the elector create the lease, as a 404 does with the typed client.
        return lease is null ? null! : ToRecord(lease.Spec);
    }

    public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var lease = new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { Name = _name, NamespaceProperty = _namespace },
            Spec = ToSpec(record),
        };
        return await TryWriteAsync(() => _client.CreateAsync(lease, cancellationToken)).ConfigureAwait(false);
    }

    public async Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var lease = Volatile.Read(ref _lease) ?? throw new InvalidOperationException("the lease was neither read nor created before an update");

        // The cached object carries the resourceVersion read, so a concurrent writer makes this a 409, not a lost update.
        lease.Spec = ToSpec(record);
        return await TryWriteAsync(() => _client.ReplaceAsync(lease, cancellationToken)).ConfigureAwait(false);
    }

    public string Describe() => $"{_namespace}/{_name}";

    private async Task<bool> TryWriteAsync(Func<Task<V1Lease>> write)
    {
        try
        {
            Interlocked.Exchange(ref _lease, await write().ConfigureAwait(false));
            return true;
        }
        catch (KubernetesApiException)
        {
            return false;
        }
    }

    private static LeaderElectionRecord ToRecord(V1LeaseSpec? spec) => new()
    {
        AcquireTime = spec?.AcquireTime,
        HolderIdentity = spec?.HolderIdentity,
        LeaderTransitions = spec?.LeaseTransitions ?? 0,
        LeaseDurationSeconds = spec?.LeaseDurationSeconds ?? DefaultLeaseDurationSeconds,
        RenewTime = spec?.RenewTime,
    };

    private static V1LeaseSpec ToSpec(LeaderElectionRecord record) => new()
    {
        AcquireTime = record.AcquireTime,
        HolderIdentity = record.HolderIdentity,
        LeaseTransitions = record.LeaderTransitions,
        LeaseDurationSeconds = record.LeaseDurationSeconds,
        RenewTime = record.RenewTime,
    };

    private static HttpOperationException AsOperationException(KubernetesApiException error) => new(error.Message, error)
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(error.StatusCode), error.Message),
    };
}
