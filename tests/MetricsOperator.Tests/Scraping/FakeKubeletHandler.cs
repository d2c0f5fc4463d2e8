using System.Collections.Concurrent;
using System.Net;

namespace MetricsOperator.Tests.Scraping;

/// <summary>How one in-memory kubelet answers.</summary>
internal sealed record KubeletBehaviour
{
    public TimeSpan Delay { get; init; }

    public HttpStatusCode Status { get; init; } = HttpStatusCode.OK;

    public byte[] Body { get; init; } = [];

    /// <summary>Send the body without Content-Length, as a chunked response would arrive.</summary>
    public bool WithoutContentLength { get; init; }

    /// <summary>A body that never ends.</summary>
    public bool Endless { get; init; }

    /// <summary>Keep answering late even when the request is cancelled.</summary>
    public bool IgnoresCancellation { get; init; }

    public Exception? Throws { get; init; }
}

/// <summary>
/// In-memory kubelets keyed by URI host, with delays on the given (fake) clock. Records every request and the
/// peak number of requests in flight.
/// </summary>
internal sealed class FakeKubeletHandler(TimeProvider time) : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, KubeletBehaviour> _kubelets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<HttpRequestMessage> _requests = new();
    private int _inFlight;
    private int _maxInFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public IReadOnlyCollection<HttpRequestMessage> Requests => _requests;

    public void Set(string host, KubeletBehaviour behaviour) => _kubelets[host] = behaviour;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _kubelets.TryGetValue(request.RequestUri!.Host.Trim('[', ']'), out var kubelet);

        // Arm the delay before the request counts as sent or in flight: a test that saw it may advance the clock.
        var delay = kubelet is { Delay.Ticks: > 0 }
            ? Task.Delay(kubelet.Delay, time, kubelet.IgnoresCancellation ? CancellationToken.None : cancellationToken)
            : Task.CompletedTask;
        _requests.Enqueue(request);
        var inFlight = Interlocked.Increment(ref _inFlight);
        int peak;
        while (inFlight > (peak = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, peak) != peak)
        {
        }

        try
        {
            if (kubelet is null)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, $"Connection refused ({request.RequestUri.Authority})");
            }

            await delay;
            if (kubelet.Throws is { } exception)
            {
                throw exception;
            }

            HttpContent content = kubelet.Endless
                ? new StreamContent(new EndlessStream())
                : kubelet.WithoutContentLength
                    ? new StreamContent(new UnseekableStream(kubelet.Body))
                    : new ByteArrayContent(kubelet.Body);
            return new HttpResponseMessage(kubelet.Status) { Content = content, RequestMessage = request };
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>A stream whose length cannot be known up front, so no Content-Length is derived.</summary>
    private sealed class UnseekableStream(byte[] body) : MemoryStream(body)
    {
        public override bool CanSeek => false;
    }

    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'#');
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
