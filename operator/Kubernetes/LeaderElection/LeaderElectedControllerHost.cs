using k8s.LeaderElection;
using k8s.Models;
using MetricsOperator.Kubernetes.Apply;

namespace MetricsOperator.Kubernetes.LeaderElection;

/// <summary>
/// Campaigns for a Lease with the client's <see cref="LeaderElector"/> and, while leading, runs the leader-only work
/// with a token cancelled the moment leadership is lost. After a loss it campaigns again; the process never exits
/// because of it (scraping and serving go on on every replica). On shutdown the lease is released so another replica
/// takes over at once instead of waiting for it to expire.
/// </summary>
internal sealed class LeaderElectedControllerHost : BackgroundService
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);
    private readonly IKubernetesResourceClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly IReadOnlyList<ILeaderWork> _work;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private volatile bool _isLeader;

    public LeaderElectedControllerHost(
        IKubernetesResourceClient client, LeaderElectionOptions options, IEnumerable<ILeaderWork> work, ILogger<LeaderElectedControllerHost> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid leader election options: " + string.Join("; ", errors), nameof(options));
        }

        _client = client;
        _options = options;
        _work = [.. work];
        _logger = logger;
        _time = time;
    }

    /// <summary>Raised with true when this replica starts leading and false when it stops.</summary>
    public event Action<bool>? LeadershipChanged;

    public bool IsLeader => _isLeader;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The elector's first calls are synchronous up to their first I/O; keep them off the host's start-up path.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var led = await CampaignOnceAsync(stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                if (led)
                {
                    await ReleaseAsync().ConfigureAwait(false);
                }

                return;
            }

            try
            {
                await Task.Delay(_options.RetryPeriod, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One election: waits to lead, leads until the lease is lost or the host stops. Returns whether it led.</summary>
    private async Task<bool> CampaignOnceAsync(CancellationToken stoppingToken)
    {
        var config = new LeaderElectionConfig(new LeaseResourceLock(_client, _options.LeaseNamespace, _options.LeaseName, _options.Identity))
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        using var leadership = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task? work = null;
        elector.OnStartedLeading += () =>
        {
            _isLeader = true;
            LeaderElectionLog.StartedLeading(_logger, _options.Identity, _work.Count);
            work = Task.Run(() => RunWorkAsync(leadership.Token), CancellationToken.None);
            LeadershipChanged?.Invoke(true);
        };
        elector.OnStoppedLeading += () =>
        {
            // Cancel first: nothing may reconcile once the lease could belong to someone else.
            leadership.Cancel();
            _isLeader = false;
            if (!stoppingToken.IsCancellationRequested)
            {
                LeaderElectionLog.StoppedLeading(_logger, _options.Identity);
            }

            LeadershipChanged?.Invoke(false);
        };
        elector.OnNewLeader += leader => LeaderElectionLog.NewLeader(_logger, leader ?? string.Empty);
        elector.OnError += error => LeaderElectionLog.ElectionError(_logger, error);

        LeaderElectionLog.Campaigning(_logger, _options.Identity, _options.LeaseNamespace, _options.LeaseName);
        try
        {
            await elector.RunUntilLeadershipLostAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            LeaderElectionLog.ElectionError(_logger, error);
        }
        finally
        {
            await leadership.CancelAsync().ConfigureAwait(false);
        }

        if (work is not null)
        {
            await work.ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private async Task RunWorkAsync(CancellationToken leadership)
    {
        await Task.WhenAll(_work.Select(async item =>
        {
            try
            {
                await item.RunAsync(leadership).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (leadership.IsCancellationRequested)
            {
            }
            catch (Exception error)
            {
                LeaderElectionLog.WorkFailed(_logger, item.Name, error);
            }
        })).ConfigureAwait(false);
    }

    /// <summary>Empties holderIdentity if this replica still holds the lease (the client's elector has no release).</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(ReleaseTimeout, _time);
        try
        {
            var lease = await _client.GetAsync<V1Lease>(_options.LeaseNamespace, _options.LeaseName, timeout.Token).ConfigureAwait(false);
            if (lease?.Spec?.HolderIdentity != _options.Identity)
            {
                return;
            }

            // Keep the times set: the elector treats a record without them as absent and would try to create it.
            var now = _time.GetUtcNow().UtcDateTime;
            lease.Spec.HolderIdentity = string.Empty;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = now;
            lease.Spec.AcquireTime = now;
            await _client.ReplaceAsync(lease, timeout.Token).ConfigureAwait(false);
            LeaderElectionLog.Released(_logger, _options.Identity, _options.LeaseNamespace, _options.LeaseName);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LeaderElectionLog.ReleaseFailed(_logger, _options.Identity, _options.LeaseNamespace, _options.LeaseName, error);
        }
    }
}
