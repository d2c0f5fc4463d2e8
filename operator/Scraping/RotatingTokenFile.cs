using System.Net.Http.Headers;

namespace MetricsOperator.Scraping;

/// <summary>
/// A bearer token read from a file and re-read every <see cref="RefreshInterval"/>, because projected
/// ServiceAccount tokens are rotated by the kubelet (at 80% of a lifetime of at least 10 minutes).
/// A failed re-read keeps the last good token; only a token that was never read is an error.
/// </summary>
internal sealed class RotatingTokenFile : IKubeletAuthorization
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile Snapshot? _current;

    public RotatingTokenFile(string path, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(time);
        _path = path;
        _time = time;
    }

    public ValueTask<AuthenticationHeaderValue> GetHeaderAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        return current is not null && _time.GetUtcNow() - current.ReadAt < RefreshInterval
            ? ValueTask.FromResult(current.Header)
            : RefreshAsync(cancellationToken);
    }

    private async ValueTask<AuthenticationHeaderValue> RefreshAsync(CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _current;
            var now = _time.GetUtcNow();
            if (current is not null && now - current.ReadAt < RefreshInterval)
            {
                return current.Header;
            }

            string token;
            try
            {
                token = (await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false)).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return current?.Header ?? throw new KubeletSetupException($"reading token file {_path} failed: {e.Message}", e);
            }

            if (token.Length == 0)
            {
                return current?.Header ?? throw new KubeletSetupException($"token file {_path} is empty");
            }

            var header = new AuthenticationHeaderValue("Bearer", token);
            _current = new Snapshot(header, now);
            return header;
        }
        finally
        {
            _reading.Release();
        }
    }

    private sealed record Snapshot(AuthenticationHeaderValue Header, DateTimeOffset ReadAt);
}
