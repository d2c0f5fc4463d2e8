using System.IO.Compression;
using System.Net.Http.Headers;
using MetricsOperator.Scraping;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Scraping;

/// <summary>Our kubelet HTTP client over real TLS against scripted servers: reuse, retry, closing and the failures it reports.</summary>
internal sealed class KubeletHttpFetcherTests
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static readonly ScrapeSettings Insecure = new()
    {
        Resolution = TimeSpan.FromSeconds(15),
        Timeout = TimeSpan.FromSeconds(5),
        InsecureSkipKubeletTlsVerify = true,
    };

    [Test]
    public async Task Sends_a_GET_with_host_port_token_user_agent_and_gzip_but_no_Accept()
    {
        string? request = null;
        await using var kubelet = new ScriptedKubelet(async connection =>
        {
            request = await connection.ReadRequestAsync();
            await connection.SendAsync(Ok);
        });
        var credentials = new KubeletCredentials(new StaticKubeletAuthorization(new AuthenticationHeaderValue("Bearer", "s3cret")), null, null);
        using var client = Client(Insecure with { RequestGzip = true }, credentials);

        var (failure, body) = await FetchAsync(client, kubelet);

        Assert.That((failure, body), Is.EqualTo(((ScrapeFailure?)null, "ok")));
        Assert.That(request, Is.EqualTo(
            $"GET /metrics/resource HTTP/1.1\r\nHost: 127.0.0.1:{kubelet.Uri.Port}\r\nAuthorization: Bearer s3cret\r\nUser-Agent: metrics-operator\r\nAccept-Encoding: gzip\r\n\r\n"));
    }

    [Test]
    public async Task Each_request_carries_the_current_token_whether_or_not_the_header_object_is_new()
    {
        var seen = new List<string>();
        await using var kubelet = new ScriptedKubelet(async connection =>
        {
            while (await connection.ReadRequestAsync() is { } request)
            {
                seen.Add(request.Split("\r\n").Single(line => line.StartsWith("Authorization: ", StringComparison.Ordinal)));
                await connection.SendAsync(Ok);
            }
        });
        var tokens = new SequenceAuthorization("first", "first", "second");
        using var client = Client(Insecure, new KubeletCredentials(tokens, null, null));

        for (var i = 0; i < 3; i++)
        {
            Assert.That((await FetchAsync(client, kubelet)).Failure, Is.Null);
        }

        Assert.That(seen, Is.EqualTo(new[] { "Authorization: Bearer first", "Authorization: Bearer first", "Authorization: Bearer second" }));
    }

    [Test]
    public async Task A_token_with_a_non_ASCII_or_control_character_is_a_setup_failure_and_never_sent()
    {
        await using var kubelet = new ScriptedKubelet(async connection =>
        {
            await connection.ReadRequestAsync();
            await connection.SendAsync(Ok);
        });
        var credentials = new KubeletCredentials(new StaticKubeletAuthorization(new AuthenticationHeaderValue("Bearer", "t\u00f6ken\u0001")), null, null);
        using var client = Client(Insecure, credentials);

        var (failure, _) = await FetchAsync(client, kubelet);

        Assert.That(failure?.Kind, Is.EqualTo(ScrapeFailureKind.Setup));
        Assert.That(failure?.Reason, Does.Contain("control or non-ASCII character"));
        Assert.That(kubelet.Accepted, Is.EqualTo(0));
    }

    [Test]
    public async Task A_kubelet_that_accepts_but_never_answers_the_handshake_fails_within_the_connect_timeout()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        using var client = Client(Insecure with { Timeout = TimeSpan.FromMilliseconds(300) });
        using var buffer = new ResponseBuffer();
        var started = System.Diagnostics.Stopwatch.StartNew();

        var failure = await client.FetchAsync(
            new KubeletTarget("node", new Uri($"https://127.0.0.1:{port}/metrics/resource"), IsNodeReady: true), buffer, 4096, CancellationToken.None);

        Assert.That(failure, Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.Connection, $"connection failed: no connection within 300ms (127.0.0.1:{port})")));
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task A_kept_alive_connection_that_the_kubelet_closed_unanswered_is_replaced_once_without_a_failure()
    {
        await using var kubelet = new ScriptedKubelet(async connection =>
        {
            // The first connection answers once, then closes on the next request as a kubelet closing an idle
            // connection would in the moment it is reused.
            await connection.ReadRequestAsync();
            await connection.SendAsync(Ok);
            if (connection.Index == 1)
            {
                await connection.ReadRequestAsync();
                return;
            }

            await connection.AnswerAllAsync(Ok);
        });
        using var client = Client(Insecure);

        var first = await FetchAsync(client, kubelet);
        var second = await FetchAsync(client, kubelet);

        Assert.That((first.Failure, second.Failure, second.Body), Is.EqualTo(((ScrapeFailure?)null, (ScrapeFailure?)null, "ok")));
        Assert.That(kubelet.Accepted, Is.EqualTo(2));
    }

    [Test]
    public async Task A_new_connection_closed_unanswered_fails_without_a_retry()
    {
        await using var kubelet = new ScriptedKubelet(async connection => await connection.ReadRequestAsync());
        using var client = Client(Insecure);

        var (failure, _) = await FetchAsync(client, kubelet);

        Assert.That(failure, Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.Connection, "kubelet closed the connection before the response was complete")));
        Assert.That(kubelet.Accepted, Is.EqualTo(1));
    }

    [Test]
    public async Task After_Connection_close_the_next_request_opens_a_new_connection()
    {
        await using var kubelet = new ScriptedKubelet(async connection =>
            await connection.AnswerAllAsync("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"));
        using var client = Client(Insecure);

        var first = await FetchAsync(client, kubelet);
        var second = await FetchAsync(client, kubelet);

        Assert.That((first.Body, second.Body), Is.EqualTo(("ok", "ok")));
        Assert.That(kubelet.Accepted, Is.EqualTo(2));
    }

    [Test]
    public async Task A_401_with_a_short_body_keeps_the_connection()
    {
        await using var kubelet = new ScriptedKubelet(async connection =>
            await connection.AnswerAllAsync("HTTP/1.1 401 Unauthorized\r\nContent-Length: 12\r\n\r\nUnauthorized"));
        using var client = Client(Insecure);

        var first = await FetchAsync(client, kubelet);
        var second = await FetchAsync(client, kubelet);

        Assert.That(second.Failure, Is.EqualTo(first.Failure));
        Assert.That(first.Failure, Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.HttpStatus, "request failed, status: \"401 Unauthorized\"")));
        Assert.That(kubelet.Accepted, Is.EqualTo(1));
    }

    [Test]
    public async Task A_malformed_response_names_the_problem()
    {
        await using var kubelet = new ScriptedKubelet(async connection => await connection.AnswerAllAsync("SSH-2.0-OpenSSH_9.6\r\n\r\n"));
        using var client = Client(Insecure);

        var (failure, _) = await FetchAsync(client, kubelet);

        Assert.That(failure, Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.Connection, "invalid HTTP response: malformed status line \"SSH-2.0-OpenSSH_9.6\"")));
    }

    [Test]
    public async Task A_corrupt_gzip_body_is_a_read_failure()
    {
        await using var kubelet = new ScriptedKubelet(async connection =>
            await connection.AnswerAllAsync("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 10\r\n\r\nnot gzip!!"));
        using var client = Client(Insecure);

        var (failure, _) = await FetchAsync(client, kubelet);

        Assert.That(failure?.Kind, Is.EqualTo(ScrapeFailureKind.Connection));
        Assert.That(failure?.Reason, Does.StartWith("reading the response failed: "));
    }

    [Test]
    public async Task The_size_limit_applies_to_the_gunzipped_body()
    {
        var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(new byte[8192]);
        }

        var head = System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {compressed.Length}\r\n\r\n");
        await using var kubelet = new ScriptedKubelet(async connection =>
        {
            await connection.ReadRequestAsync();
            await connection.SendAsync([.. head, .. compressed.ToArray()]);
        });
        using var client = Client(Insecure with { RequestGzip = true });

        var (failure, _) = await FetchAsync(client, kubelet, maxResponseBytes: 4096);

        Assert.That(compressed.Length, Is.LessThan(4096));
        Assert.That(failure, Is.EqualTo(new ScrapeFailure(ScrapeFailureKind.ResponseTooLarge, "response larger than 4096 bytes")));
    }

    [Test]
    public async Task Cancellation_propagates_and_closes_the_connection_in_use()
    {
        var closed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var kubelet = new ScriptedKubelet(async connection =>
        {
            await connection.ReadRequestAsync();
            closed.TrySetResult(await connection.ReadRequestAsync() is null);
        });
        using var client = Client(Insecure);
        using var buffer = new ResponseBuffer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(
            async () => await client.FetchAsync(new KubeletTarget("node", kubelet.Uri, IsNodeReady: true), buffer, 4096, timeout.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await closed.Task.WaitAsync(TimeSpan.FromSeconds(5)), Is.True, "the kubelet saw the connection close");
    }

    [Test]
    public async Task An_idle_connection_past_the_idle_timeout_is_closed_and_replaced()
    {
        await using var kubelet = new ScriptedKubelet(async connection => await connection.AnswerAllAsync(Ok));
        var time = new FakeTimeProvider();
        var settings = KubeletTransportSettings.From(Insecure);
        var factory = new KubeletConnectionFactory(settings, KubeletCredentials.Anonymous, idleBuffers: null);
        using var pool = new KubeletConnectionPool(factory.ConnectAsync, settings.PooledConnectionIdleTimeout, time);

        var first = await pool.RentAsync("127.0.0.1", kubelet.Uri.Port, CancellationToken.None);
        await ExchangeAsync(first);
        pool.Return("127.0.0.1", kubelet.Uri.Port, first);
        var reused = await pool.RentAsync("127.0.0.1", kubelet.Uri.Port, CancellationToken.None);
        await ExchangeAsync(reused);
        pool.Return("127.0.0.1", kubelet.Uri.Port, reused);
        time.Advance(settings.PooledConnectionIdleTimeout);
        var after = await pool.RentAsync("127.0.0.1", kubelet.Uri.Port, CancellationToken.None);
        after.Dispose();

        Assert.That(reused, Is.SameAs(first));
        Assert.That(after, Is.Not.SameAs(first));
        Assert.That(first.HasClosedWhileIdle(), Is.True, "the expired connection was closed");
        Assert.That(kubelet.Accepted, Is.EqualTo(2));
    }

    // A request and its response, which also reads what the kubelet sent after the handshake (TLS 1.3 session
    // tickets): unread, it would make the idle connection look closed.
    private static async Task ExchangeAsync(KubeletConnection connection)
    {
        await connection.Stream.WriteAsync("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"u8.ToArray());
        await using var reader = new KubeletResponseReader(connection.Stream);
        await reader.ReadHeadAsync(CancellationToken.None);
        await reader.CopyToAsync(Stream.Null);
    }

    private static KubeletClient Client(ScrapeSettings settings, KubeletCredentials? credentials = null)
    {
        var client = new KubeletClient(credentials ?? KubeletCredentials.Anonymous);
        client.Configure(settings);
        return client;
    }

    private static async Task<(ScrapeFailure? Failure, string? Body)> FetchAsync(KubeletClient client, ScriptedKubelet kubelet, long maxResponseBytes = 4096)
    {
        using var buffer = new ResponseBuffer();
        var failure = await client.FetchAsync(new KubeletTarget("node", kubelet.Uri, IsNodeReady: true), buffer, maxResponseBytes, CancellationToken.None);
        return (failure, failure is null ? System.Text.Encoding.ASCII.GetString(buffer.Span) : null);
    }

    // A new header object on every call, as some token providers hand out.
    private sealed class SequenceAuthorization(params string[] tokens) : IKubeletAuthorization
    {
        private int _next;

        public ValueTask<AuthenticationHeaderValue> GetHeaderAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(new AuthenticationHeaderValue("Bearer", tokens[Math.Min(_next++, tokens.Length - 1)]));
    }
}
