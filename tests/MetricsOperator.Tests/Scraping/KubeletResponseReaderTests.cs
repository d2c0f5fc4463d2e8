using System.IO.Compression;
using System.Text;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

/// <summary>Response framing as our kubelet client reads it, over in-memory bytes delivered in pieces of every size.</summary>
public sealed class KubeletResponseReaderTests
{
    private static readonly int[] Steps = [1, 2, 3, 7, 64, 100_000];

    [Test]
    public async Task A_Content_Length_body_is_read_to_its_length_and_the_connection_stays_usable([ValueSource(nameof(Steps))] int step)
    {
        var (head, body, reader) = await ReadAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world", step);

        Assert.Multiple(() =>
        {
            Assert.That(head, Is.EqualTo(new KubeletResponseHead(200, null, KubeletBodyFraming.ContentLength, 11, Gzip: false, KeepAlive: true)));
            Assert.That(body, Is.EqualTo("hello world"));
            Assert.That(reader.EndedCleanly, Is.True);
        });
    }

    [Test]
    public async Task A_chunked_body_with_extensions_and_trailers_is_joined([ValueSource(nameof(Steps))] int step)
    {
        var (head, body, reader) = await ReadAsync(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n", step);

        Assert.Multiple(() =>
        {
            Assert.That(head.Framing, Is.EqualTo(KubeletBodyFraming.Chunked));
            Assert.That(body, Is.EqualTo("hello world"));
            Assert.That(reader.EndedCleanly, Is.True);
        });
    }

    [Test]
    public async Task A_gzip_body_is_flagged_and_its_chunks_gunzip_to_the_payload()
    {
        var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("node_cpu_usage_seconds_total 1\n"u8);
        }

        var chunk = compressed.ToArray();
        var response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n{chunk.Length:x}\r\n")
            .Concat(chunk).Concat("\r\n0\r\n\r\n"u8.ToArray()).ToArray();
        await using var reader = new KubeletResponseReader(new TricklingStream(response, 5));

        var head = await reader.ReadHeadAsync(CancellationToken.None);
        await using var gunzip = new GZipStream(reader, CompressionMode.Decompress, leaveOpen: true);
        using var text = new StreamReader(gunzip);

        Assert.That(head.Gzip, Is.True);
        Assert.That(await text.ReadToEndAsync(), Is.EqualTo("node_cpu_usage_seconds_total 1\n"));
    }

    [Test]
    public async Task Connection_close_and_HTTP_1_0_are_not_kept_alive()
    {
        var (close, _, _) = await ReadAsync("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 100);
        var (old, _, _) = await ReadAsync("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 100);

        Assert.That((close.KeepAlive, old.KeepAlive), Is.EqualTo((false, false)));
    }

    [Test]
    public async Task A_body_without_length_runs_until_close_and_ends_the_connection()
    {
        var (head, body, reader) = await ReadAsync("HTTP/1.1 200 OK\r\n\r\nuntil the end", 4);

        Assert.Multiple(() =>
        {
            Assert.That(head.Framing, Is.EqualTo(KubeletBodyFraming.UntilClose));
            Assert.That(body, Is.EqualTo("until the end"));
            Assert.That((head.KeepAlive, reader.EndedCleanly), Is.EqualTo((false, false)));
        });
    }

    [Test]
    public async Task Interim_responses_are_skipped_and_an_error_status_keeps_its_reason()
    {
        var (head, body, _) = await ReadAsync("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Kubelet Busy\r\nContent-Length: 4\r\n\r\nbusy", 3);

        Assert.That((head.StatusCode, head.ReasonPhrase, body), Is.EqualTo((503, "Kubelet Busy", "busy")));
    }

    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel", "the kubelet closed the connection 2 bytes before the end of the body")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", "the kubelet closed the connection 2 bytes before the end of the body")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", "the kubelet closed the connection before the end of the chunked body")]
    public void A_body_cut_short_fails_the_read(string response, string message)
    {
        var exception = Assert.ThrowsAsync<EndOfStreamException>(async () => await ReadAsync(response, 2));

        Assert.That(exception!.Message, Is.EqualTo(message));
    }

    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "invalid chunked body: malformed chunk size line")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", "invalid chunked body: chunk data not followed by a line end")]
    public void A_malformed_chunked_body_fails_the_read_naming_the_problem(string response, string message)
    {
        var exception = Assert.ThrowsAsync<KubeletProtocolException>(async () => await ReadAsync(response, 3));

        Assert.That(exception!.Message, Is.EqualTo(message));
    }

    [Test]
    public void A_connection_closed_before_any_byte_is_an_end_of_stream_with_nothing_received()
    {
        using var reader = new KubeletResponseReader(new TricklingStream([], 10));

        Assert.ThrowsAsync<EndOfStreamException>(async () => await reader.ReadHeadAsync(CancellationToken.None));
        Assert.That(reader.ReceivedAny, Is.False);
    }

    [Test]
    public void A_head_cut_short_is_an_end_of_stream_after_bytes_were_received()
    {
        using var reader = new KubeletResponseReader(new TricklingStream("HTTP/1.1 200 OK\r\nContent-Le"u8.ToArray(), 10));

        var exception = Assert.ThrowsAsync<EndOfStreamException>(async () => await reader.ReadHeadAsync(CancellationToken.None));

        Assert.That(exception!.Message, Is.EqualTo("the kubelet closed the connection before the response head was complete"));
        Assert.That(reader.ReceivedAny, Is.True);
    }

    [Test]
    public void Headers_over_64_KiB_are_refused_without_reading_on()
    {
        var response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Repeat("X-Padding: " + new string('a', 1000) + "\r\n", 70)) + "\r\n");
        using var reader = new KubeletResponseReader(new TricklingStream(response, 4096));

        var exception = Assert.ThrowsAsync<KubeletProtocolException>(async () => await reader.ReadHeadAsync(CancellationToken.None));

        Assert.That(exception!.Message, Is.EqualTo("response head larger than 65536 bytes"));
    }

    [TestCase("HTTP/2 200\r\n\r\n", "malformed status line \"HTTP/2 200\"")]
    [TestCase("SSH-2.0-OpenSSH_9.6\r\n\r\n", "malformed status line \"SSH-2.0-OpenSSH_9.6\"")]
    [TestCase("HTTP/1.1 2x0 OK\r\n\r\n", "malformed status line \"HTTP/1.1 2x0 OK\"")]
    [TestCase("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed header line \"no colon here\"")]
    [TestCase("HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n", "malformed header line \" folded\"")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length \"-1\"")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "invalid Content-Length \"2\"")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "unsupported Transfer-Encoding \"gzip, chunked\"")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n", "unsupported Content-Encoding \"br\"")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\n\r\n", "unexpected 101 Switching Protocols")]
    public void A_malformed_head_is_refused_naming_the_problem(string response, string message)
    {
        using var reader = new KubeletResponseReader(new TricklingStream(Encoding.ASCII.GetBytes(response), 5));

        var exception = Assert.ThrowsAsync<KubeletProtocolException>(async () => await reader.ReadHeadAsync(CancellationToken.None));

        Assert.That(exception!.Message, Is.EqualTo(message));
    }

    [Test]
    public async Task The_buffer_goes_back_to_the_pool_when_the_reader_is_disposed()
    {
        var reader = new KubeletResponseReader(new TricklingStream("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), 100));
        await reader.ReadHeadAsync(CancellationToken.None);

        await reader.DisposeAsync();

        Assert.That(reader.RequestBuffer.Length, Is.Zero);
    }

    private static async Task<(KubeletResponseHead Head, string Body, KubeletResponseReader Reader)> ReadAsync(string response, int step)
    {
        var reader = new KubeletResponseReader(new TricklingStream(Encoding.ASCII.GetBytes(response), step));
        var head = await reader.ReadHeadAsync(CancellationToken.None);
        using var body = new MemoryStream();
        await reader.CopyToAsync(body);
        return (head, Encoding.ASCII.GetString(body.ToArray()), reader);
    }
}
