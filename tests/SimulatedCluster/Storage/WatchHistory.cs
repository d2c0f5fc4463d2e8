using System.Threading.Channels;

namespace MetricsOperator.SimulatedCluster.Storage;

/// <summary>
/// The bounded window of recent changes that watches start from, and the live subscribers.
/// Not thread-safe by itself: <see cref="ObjectStore"/> calls it under its lock.
/// </summary>
internal sealed class WatchHistory
{
    private readonly Queue<WatchEvent> _events = new();
    private readonly List<WatchSubscription> _subscribers = [];
    private readonly int _capacity;
    private long _droppedUpTo;

    public WatchHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public void Publish(WatchEvent change)
    {
        _events.Enqueue(change);
        while (_events.Count > _capacity)
        {
            _droppedUpTo = _events.Dequeue().ResourceVersion;
        }

        _subscribers.RemoveAll(s => s.IsClosed);
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Matches(change.Key))
            {
                subscriber.Writer.TryWrite(change);
            }
        }
    }

    /// <summary>Registers a subscriber receiving every change after <paramref name="fromVersion"/>; 410 Gone when the window no longer has them.</summary>
    public WatchSubscription Subscribe(ResourceType type, string? ns, long fromVersion, IEnumerable<WatchEvent> initial)
    {
        if (fromVersion < _droppedUpTo)
        {
            throw ApiException.Gone(fromVersion, _droppedUpTo + 1);
        }

        var subscription = new WatchSubscription(type, ns);
        foreach (var change in initial)
        {
            subscription.Writer.TryWrite(change);
        }

        foreach (var change in _events)
        {
            if (change.ResourceVersion > fromVersion && subscription.Matches(change.Key))
            {
                subscription.Writer.TryWrite(change);
            }
        }

        _subscribers.Add(subscription);
        return subscription;
    }
}

/// <summary>A live watch: changes arrive on <see cref="Reader"/> until disposed.</summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly Channel<WatchEvent> _channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ResourceType _type;
    private readonly string? _namespace;

    public WatchSubscription(ResourceType type, string? ns)
    {
        _type = type;
        _namespace = ns;
    }

    public ChannelReader<WatchEvent> Reader => _channel.Reader;

    public ChannelWriter<WatchEvent> Writer => _channel.Writer;

    public bool IsClosed { get; private set; }

    public bool Matches(StoreKey key) => key.IsIn(_type, _namespace);

    public void Dispose()
    {
        IsClosed = true;
        _channel.Writer.TryComplete();
    }
}
