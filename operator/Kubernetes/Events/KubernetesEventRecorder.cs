using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Kubernetes.Events;

/// <summary>
/// Writes events.k8s.io/v1 Events from a bounded buffer on a background task, so callers never wait on the API.
/// An event identical to one written within the series window bumps that Event's <c>series.count</c> instead of
/// creating another. Events about cluster-scoped objects go to the <c>default</c> namespace.
/// </summary>
internal sealed class KubernetesEventRecorder : BackgroundService, IEventRecorder
{
    private const int MaxNoteBytes = 1024;
    private const int MaxRemembered = 4096;
    private readonly IKubernetesResourceClient _client;
    private readonly EventRecorderOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<PendingEvent> _pending;
    private readonly Dictionary<SeriesKey, Series> _series = [];

    public KubernetesEventRecorder(IKubernetesResourceClient client, EventRecorderOptions options, ILogger<KubernetesEventRecorder> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid event recorder options: " + string.Join("; ", errors), nameof(options));
        }

        _client = client;
        _options = options;
        _logger = logger;
        _time = time;
        _pending = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public void Record(IKubernetesObject<V1ObjectMeta> regarding, EventKind kind, string reason, string action, string note)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        var name = regarding.Metadata?.Name;
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(reason) || string.IsNullOrEmpty(action))
        {
            EventLog.Refused(_logger, regarding.Kind ?? "object", name ?? "(unnamed)", "an event needs the object's name, a reason and an action");
            return;
        }

        var reference = new V1ObjectReference
        {
            ApiVersion = regarding.ApiVersion,
            Kind = regarding.Kind,
            Name = name,
            NamespaceProperty = regarding.Metadata!.NamespaceProperty,
            Uid = regarding.Metadata.Uid,
            ResourceVersion = regarding.Metadata.ResourceVersion,
        };
        var pending = new PendingEvent(reference, kind == EventKind.Warning ? "Warning" : "Normal", reason, action, Truncate(note ?? string.Empty), _time.GetUtcNow());

        // TryWrite on a full bounded channel fails at once instead of waiting: the caller is never held up.
        if (!_pending.Writer.TryWrite(pending))
        {
            EventLog.Dropped(_logger, reason, reference.Kind ?? "object", name);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var pending in _pending.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await WriteAsync(pending, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    EventLog.WriteFailed(_logger, pending.Reason, pending.Regarding.Kind ?? "object", pending.Regarding.Name, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        var key = new SeriesKey(pending.Regarding.Uid ?? pending.Regarding.Name, pending.Regarding.Kind ?? string.Empty, pending.Type, pending.Reason, pending.Action, pending.Note);
        if (_series.TryGetValue(key, out var series) && pending.At - series.LastObserved < _options.SeriesWindow)
        {
            series.Count++;
            series.LastObserved = pending.At;
            try
            {
                await _client.PatchMetadataAsync<Eventsv1Event>(
                    series.Namespace,
                    series.Name,
                    new Eventsv1Event { Series = new Eventsv1EventSeries { Count = series.Count, LastObservedTime = MicroTime(pending.At) } },
                    cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (KubernetesApiException error) when (error.StatusCode == HttpStatusCode.NotFound)
            {
                // The Event expired (events have a TTL); start a new one.
                _series.Remove(key);
            }
        }

        var ns = string.IsNullOrEmpty(pending.Regarding.NamespaceProperty) ? "default" : pending.Regarding.NamespaceProperty;
        var created = await _client.CreateAsync(
            new Eventsv1Event
            {
                Metadata = new V1ObjectMeta { Name = EventName(pending), NamespaceProperty = ns },
                EventTime = MicroTime(pending.At),
                Regarding = pending.Regarding,
                Type = pending.Type,
                Reason = pending.Reason,
                Action = pending.Action,
                Note = pending.Note,
                ReportingController = _options.ReportingController,
                ReportingInstance = _options.ReportingInstance,
            },
            cancellationToken).ConfigureAwait(false);
        Remember(key, new Series(ns, created.Metadata?.Name ?? EventName(pending), pending.At));
    }

    private void Remember(SeriesKey key, Series series)
    {
        if (_series.Count >= MaxRemembered)
        {
            var now = _time.GetUtcNow();
            foreach (var stale in _series.Where(entry => now - entry.Value.LastObserved >= _options.SeriesWindow).Select(entry => entry.Key).ToList())
            {
                _series.Remove(stale);
            }

            if (_series.Count >= MaxRemembered)
            {
                _series.Clear();
            }
        }

        _series[key] = series;
    }

    // Unique per occurrence, DNS-1123 (lowercase hex), and tied to the object's name like client-go's "<name>.<suffix>".
    private static string EventName(PendingEvent pending)
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var prefix = pending.Regarding.Name.Length > 200 ? pending.Regarding.Name[..200] : pending.Regarding.Name;
        return $"{prefix}.{suffix}".Replace(':', '-').ToLowerInvariant();
    }

    // The client writes a whole second without a fraction, which the server's MicroTime parser refuses; a whole
    // second is therefore nudged by one microsecond.
    private static DateTime MicroTime(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var micros = utc.AddTicks(-(utc.Ticks % 10));
        return micros.Ticks % TimeSpan.TicksPerSecond == 0 ? micros.AddTicks(10) : micros;
    }

    private static string Truncate(string note)
    {
        if (Encoding.UTF8.GetByteCount(note) <= MaxNoteBytes)
        {
            return note;
        }

        var cut = note.Length;
        while (Encoding.UTF8.GetByteCount(note.AsSpan(0, cut)) > MaxNoteBytes - 3)
        {
            cut--;
        }

        return string.Concat(note.AsSpan(0, cut), "…");
    }

    private sealed record PendingEvent(V1ObjectReference Regarding, string Type, string Reason, string Action, string Note, DateTimeOffset At);

    private readonly record struct SeriesKey(string Object, string Kind, string Type, string Reason, string Action, string Note);

    private sealed class Series(string ns, string name, DateTimeOffset at)
    {
        public string Namespace { get; } = ns;

        public string Name { get; } = name;

        public int Count { get; set; } = 1;

        public DateTimeOffset LastObserved { get; set; } = at;
    }
}
