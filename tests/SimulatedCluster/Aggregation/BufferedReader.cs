using System.Text;

namespace MetricsOperator.SimulatedCluster.Aggregation;

/// <summary>Reads CRLF-terminated header lines and then raw bytes from one stream, sharing one buffer.</summary>
internal sealed class BufferedReader
{
    private const int MaxLineLength = 64 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public BufferedReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>The next line without its CRLF; null at end of stream before any byte.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            for (var i = _start; i < _end; i++)
            {
                if (_buffer[i] != (byte)'\n')
                {
                    continue;
                }

                var length = i - _start;
                var text = Encoding.Latin1.GetString(_buffer, _start, length);
                _start = i + 1;
                line.Append(text);
                return line.ToString().TrimEnd('\r');
            }

            line.Append(Encoding.Latin1.GetString(_buffer, _start, _end - _start));
            _start = _end;
            if (line.Length > MaxLineLength)
            {
                throw new InvalidDataException($"the backend sent a header line longer than {MaxLineLength} bytes");
            }

            if (await FillAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return line.Length == 0 ? null : throw new InvalidDataException("the backend closed the connection in the middle of a line");
            }
        }
    }

    /// <summary>Up to <paramref name="destination"/>'s length bytes; 0 at end of stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_start == _end && await FillAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return 0;
        }

        var count = Math.Min(destination.Length, _end - _start);
        _buffer.AsMemory(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }

    private async ValueTask<int> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end;
    }
}
