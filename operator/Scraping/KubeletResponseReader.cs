using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace MetricsOperator.Scraping;

/// <summary>
/// Reads one response from a kubelet connection: <see cref="ReadHeadAsync"/>, then the body through this stream,
/// which ends where its framing (Content-Length, chunked, or the connection's end) says. It lives for one request and
/// holds the only buffer of it, rented from the shared pool and given back by <see cref="Dispose(bool)"/>, so an idle
/// connection holds none. Body bytes are read straight into the caller's memory whenever none are buffered.
/// </summary>
internal sealed class KubeletResponseReader : Stream
{
    /// <summary>The largest response head accepted; real kubelet heads are a few hundred bytes.</summary>
    public const int MaxHeadBytes = 64 * 1024;

    private const int InitialBufferSize = 4096;

    private readonly Stream _connection;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private KubeletBodyFraming _framing;
    private ChunkState _chunkState;
    private long _remaining;
    private int _trailerBytes;

    /// <param name="minimumBufferSize">Room for the request head, which is written from the same buffer.</param>
    public KubeletResponseReader(Stream connection, int minimumBufferSize = 0)
    {
        _connection = connection;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(InitialBufferSize, minimumBufferSize));
    }

    /// <summary>The buffer the request head is written into before the response is read.</summary>
    public Memory<byte> RequestBuffer => _buffer;

    /// <summary>True once any byte of the response arrived: a failure before that may be retried on a new connection.</summary>
    public bool ReceivedAny { get; private set; }

    /// <summary>True when the body was read to its end and nothing more arrived behind it, so the connection can serve the next request.</summary>
    public bool EndedCleanly => _chunkState == ChunkState.Done && _start == _end && _framing != KubeletBodyFraming.UntilClose;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Reads the status line and headers, skipping interim (1xx) responses, and prepares the body.</summary>
    /// <exception cref="KubeletProtocolException">The head is malformed or larger than <see cref="MaxHeadBytes"/>.</exception>
    /// <exception cref="EndOfStreamException">The kubelet closed the connection before the head was complete.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<KubeletResponseHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var end = KubeletResponseHeadParser.FindEnd(_buffer.AsSpan(_start + scanned, _end - _start - scanned));
            if (end < 0)
            {
                // The delimiter may straddle two reads: rescan its last three bytes.
                scanned = Math.Max(0, _end - _start - 3);
                if (_end - _start >= MaxHeadBytes)
                {
                    throw new KubeletProtocolException($"response head larger than {MaxHeadBytes} bytes");
                }

                if (await FillAsync(MaxHeadBytes + 4, cancellationToken).ConfigureAwait(false) == 0)
                {
                    throw new EndOfStreamException("the kubelet closed the connection before the response head was complete");
                }

                continue;
            }

            var headLength = scanned + end;
            if (!KubeletResponseHeadParser.TryParse(_buffer.AsSpan(_start, headLength), out var head, out var error))
            {
                throw new KubeletProtocolException(error!);
            }

            _start += headLength;
            scanned = 0;
            if (head.StatusCode is >= 100 and < 200 && head.StatusCode != 101)
            {
                continue;
            }

            if (head.StatusCode == 101)
            {
                throw new KubeletProtocolException("unexpected 101 Switching Protocols");
            }

            _framing = head.Framing;
            _remaining = head.ContentLength;
            _chunkState = head.Framing switch
            {
                KubeletBodyFraming.Chunked => ChunkState.SizeLine,
                KubeletBodyFraming.ContentLength when head.ContentLength == 0 => ChunkState.Done,
                _ => ChunkState.Data,
            };
            return head;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            switch (_chunkState)
            {
                case ChunkState.Done:
                    return 0;
                case ChunkState.Data when _framing == KubeletBodyFraming.UntilClose:
                    return await ReadDataAsync(destination, cancellationToken).ConfigureAwait(false);
                case ChunkState.Data when _remaining > 0:
                    var read = await ReadDataAsync(destination[..(int)Math.Min(destination.Length, _remaining)], cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new EndOfStreamException($"the kubelet closed the connection {_remaining} bytes before the end of the body");
                    }

                    _remaining -= read;
                    if (_remaining == 0)
                    {
                        _chunkState = _framing == KubeletBodyFraming.Chunked ? ChunkState.DataEnd : ChunkState.Done;
                    }

                    return read;
                case ChunkState.DataEnd:
                    if (await ReadLineAsync(cancellationToken).ConfigureAwait(false) != 0)
                    {
                        throw new KubeletProtocolException("invalid chunked body: chunk data not followed by a line end");
                    }

                    _chunkState = ChunkState.SizeLine;
                    break;
                case ChunkState.SizeLine:
                    var length = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                    _remaining = ParseChunkSize(_buffer.AsSpan(_start - length - 2, length));
                    _chunkState = _remaining == 0 ? ChunkState.Trailers : ChunkState.Data;
                    break;
                case ChunkState.Trailers:
                    // Trailer fields are skipped; the empty line ends the body.
                    var trailer = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                    _trailerBytes += trailer + 2;
                    if (_trailerBytes > MaxHeadBytes)
                    {
                        throw new KubeletProtocolException($"chunked trailers larger than {MaxHeadBytes} bytes");
                    }

                    _chunkState = trailer == 0 ? ChunkState.Done : ChunkState.Trailers;
                    break;
                default:
                    throw new KubeletProtocolException("invalid chunked body: data after the declared length");
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("kubelet responses are read asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        var buffer = _buffer;
        _buffer = [];
        _start = _end = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }

    // "1a2f;name=value": hex size, then chunk extensions, which are ignored.
    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        var extension = line.IndexOf((byte)';');
        var digits = (extension < 0 ? line : line[..extension]).Trim(" \t"u8);
        if (digits.IsEmpty || digits.Length > 15 || !Utf8Parser.TryParse(digits, out long size, out var consumed, 'x') || consumed != digits.Length)
        {
            throw new KubeletProtocolException("invalid chunked body: malformed chunk size line");
        }

        return size;
    }

    // Buffered bytes first; with none buffered, straight from the connection into the destination.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadDataAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_start < _end)
        {
            var count = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, count).CopyTo(destination.Span);
            _start += count;
            return count;
        }

        var read = await _connection.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
        ReceivedAny |= read > 0;
        if (read == 0 && _framing == KubeletBodyFraming.UntilClose)
        {
            _chunkState = ChunkState.Done;
        }

        return read;
    }

    // Consumes one CRLF-terminated line and returns its length without the CRLF; it ends just before _start.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var end = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var length = scanned + end;
                _start += length + 2;
                return length;
            }

            scanned = Math.Max(0, _end - _start - 1);
            if (_end - _start >= InitialBufferSize)
            {
                throw new KubeletProtocolException($"invalid chunked body: a line longer than {InitialBufferSize} bytes");
            }

            if (await FillAsync(InitialBufferSize, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new EndOfStreamException("the kubelet closed the connection before the end of the chunked body");
            }
        }
    }

    // Appends what the connection has to the buffer, moving the unread bytes to its start or growing it (up to
    // maxSize) when it is full. Returns the bytes read; 0 at the connection's end.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> FillAsync(int maxSize, CancellationToken cancellationToken)
    {
        if (_end == _buffer.Length)
        {
            var unread = _end - _start;
            var target = _buffer;
            if (unread == _buffer.Length || _start == 0)
            {
                target = ArrayPool<byte>.Shared.Rent(Math.Min(maxSize, _buffer.Length * 2));
            }

            _buffer.AsSpan(_start, unread).CopyTo(target);
            if (!ReferenceEquals(target, _buffer))
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = target;
            }

            _start = 0;
            _end = unread;
        }

        var read = await _connection.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        ReceivedAny |= read > 0;
        _end += read;
        return read;
    }

    private enum ChunkState
    {
        Data,
        DataEnd,
        SizeLine,
        Trailers,
        Done,
    }
}
