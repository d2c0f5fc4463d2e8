using System.Buffers;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace MetricsOperator.Scraping;

/// <summary>
/// Our HTTP/1.1 client for kubelets: one GET per scrape over a pooled TLS connection (see
/// <see cref="KubeletConnectionPool"/>), the response read by a <see cref="KubeletResponseReader"/> into the
/// worker's buffer, gunzipped when the kubelet compressed it. Unlike SocketsHttpHandler it keeps no buffers and no
/// per-host pool object while a connection is idle, and allocates no request or response objects.
/// </summary>
internal sealed class KubeletHttpFetcher : IKubeletFetcher
{
    /// <summary>How much of a non-200 body is read to keep the connection; a longer one closes it instead.</summary>
    private const int MaxDrainedBytes = 64 * 1024;

    private readonly KubeletConnectionPool _pool;
    private readonly KubeletCertificateValidator? _validator;
    private readonly bool _requestGzip;
    private AuthorizationLine _authorization = new(null, []);

    public KubeletHttpFetcher(KubeletConnectionPool pool, KubeletCertificateValidator? validator, bool requestGzip)
    {
        ArgumentNullException.ThrowIfNull(pool);
        _pool = pool;
        _validator = validator;
        _requestGzip = requestGzip;
    }

    /// <summary>The largest body <see cref="ResponseBuffer.FillAsync"/> may hold for a size limit.</summary>
    public static int BufferLimit(long maxResponseBytes) => (int)Math.Min(maxResponseBytes, Array.MaxLength - 1);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ScrapeFailure?> FetchAsync(
        Uri uri, Uri shown, AuthenticationHeaderValue? authorization, ResponseBuffer into, long maxResponseBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(into);
        var host = uri.IdnHost;
        if (AuthorizationBytes(authorization) is not { } authorizationLine)
        {
            return new ScrapeFailure(ScrapeFailureKind.Setup, "the kubelet credential holds a control or non-ASCII character, which an HTTP header cannot carry");
        }

        for (var attempt = 0; ; attempt++)
        {
            KubeletConnection connection;
            try
            {
                connection = await _pool.RentAsync(host, uri.Port, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                string? rejection = null;
                _validator?.TryTakeRejection(host, out rejection);
                return KubeletRequestErrors.Describe(e, rejection, host, shown.IdnHost);
            }

            var reader = new KubeletResponseReader(connection.Stream, KubeletRequestHead.MaxLength(uri, authorizationLine));
            var keep = false;
            try
            {
                KubeletResponseHead head;
                try
                {
                    var length = KubeletRequestHead.Write(reader.RequestBuffer.Span, uri, authorizationLine, _requestGzip);
                    await connection.Stream.WriteAsync(reader.RequestBuffer[..length], cancellationToken).ConfigureAwait(false);
                    head = await reader.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException) when (attempt == 0 && connection.IsReused && !reader.ReceivedAny && !cancellationToken.IsCancellationRequested)
                {
                    // The kubelet closed the kept-alive connection while it was idle (the race the pool's check cannot
                    // close): nothing was answered, so the GET is sent once more on a new connection.
                    continue;
                }
                catch (KubeletProtocolException e) when (!cancellationToken.IsCancellationRequested)
                {
                    return KubeletRequestErrors.Describe(new HttpRequestException(HttpRequestError.InvalidResponse, e.Message, e), null);
                }
                catch (EndOfStreamException e) when (!cancellationToken.IsCancellationRequested)
                {
                    return KubeletRequestErrors.Describe(new HttpRequestException(HttpRequestError.ResponseEnded, e.Message, e), null);
                }
                catch (IOException e) when (!cancellationToken.IsCancellationRequested)
                {
                    return KubeletRequestErrors.Describe(new HttpRequestException(HttpRequestError.Unknown, e.Message, e), null);
                }

                (var failure, keep) = await ReadBodyAsync(reader, head, into, maxResponseBytes, cancellationToken).ConfigureAwait(false);
                return failure;
            }
            catch (Exception e) when (e is not OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                // A read cut by the per-node timeout can surface as an I/O error; the caller tells timeouts by this.
                throw new OperationCanceledException(null, e, cancellationToken);
            }
            finally
            {
                reader.Dispose();
                if (keep)
                {
                    _pool.Return(host, uri.Port, connection);
                }
                else
                {
                    // Also on cancellation: the connection is mid-response and cannot carry another request.
                    connection.Dispose();
                }
            }
        }
    }

    public void Dispose() => _pool.Dispose();

    /// <returns>The failure or null, and whether the connection can serve the next request.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<(ScrapeFailure? Failure, bool Keep)> ReadBodyAsync(
        KubeletResponseReader reader, KubeletResponseHead head, ResponseBuffer into, long maxResponseBytes, CancellationToken cancellationToken)
    {
        if (head.StatusCode != 200)
        {
            var failure = KubeletRequestErrors.Status((HttpStatusCode)head.StatusCode, head.ReasonPhrase);
            return (failure, head.KeepAlive && await TryDrainAsync(reader, head, cancellationToken).ConfigureAwait(false));
        }

        if (head.ContentLength > maxResponseBytes)
        {
            return (KubeletRequestErrors.TooLarge(maxResponseBytes), false);
        }

        var body = head.Gzip ? new GZipStream(reader, CompressionMode.Decompress, leaveOpen: true) : (Stream)reader;
        try
        {
            // With gzip the limit applies to the decompressed body, which is what is buffered.
            if (!await into.FillAsync(body, BufferLimit(maxResponseBytes), cancellationToken).ConfigureAwait(false))
            {
                return (KubeletRequestErrors.TooLarge(maxResponseBytes), false);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException && !cancellationToken.IsCancellationRequested)
        {
            return (KubeletRequestErrors.ReadFailed(e), false);
        }
        finally
        {
            if (head.Gzip)
            {
                await body.DisposeAsync().ConfigureAwait(false);
            }
        }

        // A gzip stream may end before its framing does; then what follows is unknown and the connection is closed.
        return (null, head.KeepAlive && reader.EndedCleanly);
    }

    // A short error body is read to its end so the connection survives (a wrong token fails every round).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> TryDrainAsync(KubeletResponseReader reader, KubeletResponseHead head, CancellationToken cancellationToken)
    {
        if (head.Framing == KubeletBodyFraming.ContentLength && head.ContentLength > MaxDrainedBytes)
        {
            return false;
        }

        var scratch = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var drained = 0;
            while (drained <= MaxDrainedBytes)
            {
                var read = await reader.ReadAsync(scratch, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return reader.EndedCleanly;
                }

                drained += read;
            }

            return false;
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    // The header line is encoded once per credential; a rotated token brings a new one.
    private byte[]? AuthorizationBytes(AuthenticationHeaderValue? authorization)
    {
        if (authorization is null)
        {
            return [];
        }

        // By value: a token provider may hand out a new header object for the same token on every call.
        var cached = Volatile.Read(ref _authorization);
        if (ReferenceEquals(cached.Value, authorization)
            || (cached.Value is { } previous && previous.Scheme == authorization.Scheme && previous.Parameter == authorization.Parameter))
        {
            return cached.Line;
        }

        if (KubeletRequestHead.AuthorizationLine(authorization.ToString()) is not { } line)
        {
            return null;
        }

        Volatile.Write(ref _authorization, new AuthorizationLine(authorization, line));
        return line;
    }

    private sealed record AuthorizationLine(AuthenticationHeaderValue? Value, byte[] Line);
}
