using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MetricsOperator.Serving.Tls;
using MetricsOperator.Tests.Serving.Diagnostics;

namespace MetricsOperator.Tests.Serving.Tls;

/// <summary>
/// A real Kestrel over TLS with <see cref="FullSizeTlsRecords"/>: a 40 KB body arrives whole, over HTTP/2 and
/// HTTP/1.1, in a few records of up to 16 KiB instead of one record per 4 KiB buffer.
/// </summary>
public sealed class FullSizeTlsRecordsTests
{
    private const int BodyLength = 40_000;

    [TestCase("2.0")]
    [TestCase("1.1")]
    public async Task A_40_kB_body_arrives_whole_in_full_size_records(string version)
    {
        using var pki = new ServingPki();
        var pem = pki.Issue();
        using var certificate = X509Certificate2.CreateFromPem(pem.Certificate, pem.Key);
        var body = new byte[BodyLength];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)('a' + (i % 26));
        }

        await using var app = await LoopbackWebApp.StartAsync(
            _ => { },
            web => web.MapGet("/big", (HttpContext http) =>
            {
                http.Response.BodyWriter.Write(body);
                return Task.CompletedTask;
            }),
            listen =>
            {
                listen.UseHttps(certificate);
                listen.UseFullSizeTlsRecords();
            });
        var records = new TlsRecordCounter();
        using var client = Client(app.Address, Version.Parse(version), records);

        var received = await client.GetByteArrayAsync(new Uri("/big", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(received, Is.EqualTo(body));
            // Kestrel's own writer sends ten records of at most 4 KiB for this body.
            Assert.That(records.LargerThan(1024), Is.InRange(3, 4), "records carrying the body");
            Assert.That(records.Largest, Is.GreaterThan(12 * 1024));
        });
    }

    private static HttpClient Client(Uri address, Version version, TlsRecordCounter records)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new RecordCountingStream(new NetworkStream(socket, ownsSocket: true), records);
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = new UriBuilder(address) { Scheme = Uri.UriSchemeHttps }.Uri,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>Follows the TLS record headers (type, version, 2-byte length) of what the server sends.</summary>
    private sealed class TlsRecordCounter
    {
        private readonly List<int> _lengths = [];
        private readonly byte[] _header = new byte[5];
        private int _headerFill;
        private int _remaining;

        public int Largest
        {
            get
            {
                lock (_lengths)
                {
                    return _lengths.Count == 0 ? 0 : _lengths.Max();
                }
            }
        }

        public int LargerThan(int length)
        {
            lock (_lengths)
            {
                return _lengths.Count(l => l > length);
            }
        }

        public void Read(ReadOnlySpan<byte> data)
        {
            lock (_lengths)
            {
                while (!data.IsEmpty)
                {
                    if (_remaining > 0)
                    {
                        var skip = Math.Min(_remaining, data.Length);
                        _remaining -= skip;
                        data = data[skip..];
                        continue;
                    }

                    _header[_headerFill++] = data[0];
                    data = data[1..];
                    if (_headerFill == _header.Length)
                    {
                        _remaining = (_header[3] << 8) | _header[4];
                        _lengths.Add(_remaining);
                        _headerFill = 0;
                    }
                }
            }
        }
    }

    private sealed class RecordCountingStream(Stream inner, TlsRecordCounter records) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            records.Read(buffer[..read]);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            records.Read(buffer.Span[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
