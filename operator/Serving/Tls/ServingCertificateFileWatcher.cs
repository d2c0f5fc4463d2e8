namespace MetricsOperator.Serving.Tls;

/// <summary>
/// Feeds <see cref="ServingCertificateSource"/> from the certificate files: reads them at start, after a change
/// notification (once the directory has been quiet for <see cref="ServingCertificateOptions.FileChangeDelay"/>,
/// which also covers Kubernetes' symlink swap of Secret volumes) and every
/// <see cref="ServingCertificateOptions.FileCheckInterval"/> in case notifications are lost.
/// </summary>
internal sealed partial class ServingCertificateFileWatcher : IHostedService, IDisposable
{
    /// <summary>Certificate files are a few kilobytes; anything this large is not one.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private readonly ServingCertificateSource _source;
    private readonly ServingCertificateOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ServingCertificateFileWatcher> _logger;
    private readonly Lock _reloadLock = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private ITimer? _periodic;
    private ITimer? _afterChange;

    public ServingCertificateFileWatcher(
        ServingCertificateSource source, ServingCertificateOptions options, TimeProvider time, ILogger<ServingCertificateFileWatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.Mode != ServingCertificateMode.Files)
        {
            throw new ArgumentException("the file watcher needs a certificate file and a key file", nameof(options));
        }

        _source = source;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Reads the files now and hands them to the source.</summary>
    public CertificateUpdateResult Reload()
    {
        lock (_reloadLock)
        {
            if (TryRead(_options.CertificateFile!, "tls.crt", out var certificate, out var problem)
                && TryRead(_options.KeyFile!, "tls.key", out var key, out problem)
                && TryReadOptional(_options.CaFile, out var ca, out problem))
            {
                return _source.Update(certificate, key, ca, ServingCertificateOrigin.Files);
            }

            _source.Reject(ServingCertificateOrigin.Files, problem!);
            return new CertificateUpdateResult(CertificateUpdateOutcome.Rejected, problem);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Reload();
        _afterChange = _time.CreateTimer(static state => ((ServingCertificateFileWatcher)state!).Reload(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _periodic = _time.CreateTimer(static state => ((ServingCertificateFileWatcher)state!).Reload(), this, _options.FileCheckInterval, _options.FileCheckInterval);
        foreach (var directory in WatchedDirectories())
        {
            Watch(directory);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _watchers.Clear();
        _periodic?.Dispose();
        _afterChange?.Dispose();
    }

    private IEnumerable<string> WatchedDirectories() =>
        new[] { _options.CertificateFile, _options.KeyFile, _options.CaFile }
            .Where(static file => !string.IsNullOrEmpty(file))
            .Select(static file => Path.GetDirectoryName(Path.GetFullPath(file!))!)
            .Distinct(StringComparer.Ordinal);

    private void Watch(string directory)
    {
        if (!Directory.Exists(directory))
        {
            LogNotWatched(directory);
            return;
        }

        var watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        watcher.Changed += OnChanged;
        watcher.Created += OnChanged;
        watcher.Deleted += OnChanged;
        watcher.Renamed += OnChanged;
        watcher.Error += (_, _) => ScheduleReload();
        watcher.EnableRaisingEvents = true;
        _watchers.Add(watcher);
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => ScheduleReload();

    // Every notification pushes the read back, so a pair written in several steps is read once it is complete.
    private void ScheduleReload()
    {
        try
        {
            _afterChange?.Change(_options.FileChangeDelay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // A notification that raced with stopping: nothing left to reload for.
        }
    }

    private static bool TryReadOptional(string? path, out string? text, out string? problem)
    {
        text = null;
        problem = null;
        if (string.IsNullOrEmpty(path))
        {
            return true;
        }

        var read = TryRead(path, "ca.crt", out var content, out problem);
        text = content;
        return read;
    }

    private static bool TryRead(string path, string role, out string text, out string? problem)
    {
        text = string.Empty;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                problem = $"{role} file {path} does not exist";
                return false;
            }

            if (info.Length > MaxFileBytes)
            {
                problem = $"{role} file {path} is {info.Length} bytes, more than a certificate file can be ({MaxFileBytes})";
                return false;
            }

            text = File.ReadAllText(path);
            problem = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{role} file {path} cannot be read: {e.Message}";
            return false;
        }
    }

    [LoggerMessage(EventId = 3211, Level = LogLevel.Warning, Message = "Directory {Directory} of the serving certificate does not exist; checking for the files every interval instead of on change")]
    private partial void LogNotWatched(string directory);
}
