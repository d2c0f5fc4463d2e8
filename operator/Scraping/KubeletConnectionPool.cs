namespace MetricsOperator.Scraping;

/// <summary>
/// Keeps idle kubelet connections for reuse, normally one per kubelet, used once a round. A request takes one (or
/// opens one when there is none, which also covers concurrent requests to one kubelet) and gives it back when the
/// response ended cleanly. Connections idle for longer than the idle timeout are closed when next looked at, and a
/// sweep at most every quarter of that timeout, run by whichever request comes, closes those of kubelets no longer
/// asked (removed nodes): no timer per connection, no visit of every connection per round.
/// </summary>
internal sealed class KubeletConnectionPool : IDisposable
{
    private readonly Func<string, int, CancellationToken, ValueTask<KubeletConnection>> _connect;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _time;
    private readonly Dictionary<HostKey, List<KubeletConnection>> _idle = [];
    private long _lastSweep;
    private bool _disposed;

    public KubeletConnectionPool(Func<string, int, CancellationToken, ValueTask<KubeletConnection>> connect, TimeSpan idleTimeout, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(time);
        _connect = connect;
        _idleTimeout = idleTimeout;
        _time = time;
        _lastSweep = time.GetTimestamp();
    }

    /// <summary>Idle connections held now, for tests and diagnostics.</summary>
    public int IdleCount
    {
        get
        {
            lock (_idle)
            {
                var count = 0;
                foreach (var connections in _idle.Values)
                {
                    count += connections.Count;
                }

                return count;
            }
        }
    }

    /// <summary>The most recently used idle connection to the host that is still open, else a new one.</summary>
    public ValueTask<KubeletConnection> RentAsync(string host, int port, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var now = _time.GetTimestamp();
        lock (_idle)
        {
            if (_time.GetElapsedTime(_lastSweep, now) >= _idleTimeout / 4)
            {
                Sweep(now);
            }

            if (_idle.TryGetValue(new HostKey(host, port), out var connections))
            {
                while (connections.Count > 0)
                {
                    var connection = connections[^1];
                    connections.RemoveAt(connections.Count - 1);
                    if (_time.GetElapsedTime(connection.IdleSince, now) < _idleTimeout && !connection.HasClosedWhileIdle())
                    {
                        return ValueTask.FromResult(connection);
                    }

                    connection.Dispose();
                }
            }
        }

        return _connect(host, port, cancellationToken);
    }

    /// <summary>Takes back a connection whose last response ended cleanly.</summary>
    public void Return(string host, int port, KubeletConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.MarkIdle(_time.GetTimestamp());
        lock (_idle)
        {
            if (!_disposed)
            {
                var key = new HostKey(host, port);
                if (!_idle.TryGetValue(key, out var connections))
                {
                    connections = new List<KubeletConnection>(1);
                    _idle.Add(key, connections);
                }

                connections.Add(connection);
                return;
            }
        }

        connection.Dispose();
    }

    /// <summary>Closes every idle connection; connections in use are closed as they come back.</summary>
    public void Dispose()
    {
        lock (_idle)
        {
            _disposed = true;
            foreach (var connections in _idle.Values)
            {
                foreach (var connection in connections)
                {
                    connection.Dispose();
                }
            }

            _idle.Clear();
        }
    }

    private void Sweep(long now)
    {
        _lastSweep = now;
        foreach (var (key, connections) in _idle)
        {
            for (var i = connections.Count - 1; i >= 0; i--)
            {
                if (_time.GetElapsedTime(connections[i].IdleSince, now) >= _idleTimeout)
                {
                    connections[i].Dispose();
                    connections.RemoveAt(i);
                }
            }

            if (connections.Count == 0)
            {
                // Removing the current entry while enumerating is allowed for Dictionary.
                _idle.Remove(key);
            }
        }
    }

    private readonly record struct HostKey(string Host, int Port);
}
