namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// An <see cref="IAuthenticationConfigSource"/> from explicit options: CA bundles read from files and header settings
/// as given. The files are read at start (a bad file fails startup with its path named) and re-checked every
/// <see cref="KubernetesAuthenticationOptions.FileReloadInterval"/>; a changed file is applied at once, a bad one is
/// refused with the previous snapshot kept in force.
/// </summary>
internal sealed class FileAuthenticationConfigSource : IAuthenticationConfigSource, IDisposable
{
    private readonly KubernetesAuthenticationOptions _options;
    private readonly ILogger _logger;
    private readonly ITimer _reloadTimer;
    private readonly Lock _reloadGate = new();
    private AuthenticationConfig _current;

    public FileAuthenticationConfigSource(KubernetesAuthenticationOptions options, TimeProvider timeProvider, ILogger<FileAuthenticationConfigSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        (_options, _logger) = (options, logger);
        _current = Load(previous: null);
        AuthenticationLog.ConfigLoaded(_logger, "files", _current.Describe());
        _reloadTimer = timeProvider.CreateTimer(static state => ((FileAuthenticationConfigSource)state!).Reload(), this, options.FileReloadInterval, options.FileReloadInterval);
    }

    public AuthenticationConfig Current => Volatile.Read(ref _current);

    public bool HasSynced => true;

    /// <summary>Re-reads the files now; returns true when a changed configuration was applied.</summary>
    public bool Reload()
    {
        lock (_reloadGate)
        {
            var previous = Current;
            AuthenticationConfig next;
            try
            {
                next = Load(previous);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                AuthenticationLog.ConfigRefused(_logger, "files", error.Message);
                return false;
            }

            if (ReferenceEquals(next, previous))
            {
                return false;
            }

            Volatile.Write(ref _current, next);
            AuthenticationLog.ConfigLoaded(_logger, "files", next.Describe());
            return true;
        }
    }

    public void Dispose() => _reloadTimer.Dispose();

    private AuthenticationConfig Load(AuthenticationConfig? previous)
    {
        var client = Read(_options.ClientCaFile, previous?.ClientAuthorities);
        var proxy = Read(_options.RequestHeaderClientCaFile, previous?.RequestHeader.Authorities);
        if (previous is not null && ReferenceEquals(client, previous.ClientAuthorities) && ReferenceEquals(proxy, previous.RequestHeader.Authorities))
        {
            return previous;
        }

        return new AuthenticationConfig
        {
            ClientAuthorities = client,
            RequestHeader = new RequestHeaderSettings
            {
                Authorities = proxy,
                AllowedNames = _options.RequestHeaderAllowedNames,
                UsernameHeaders = _options.RequestHeaderUsernameHeaders,
                UidHeaders = _options.RequestHeaderUidHeaders,
                GroupHeaders = _options.RequestHeaderGroupHeaders,
                ExtraHeaderPrefixes = _options.RequestHeaderExtraHeaderPrefixes,
            },
        };
    }

    // The same bundle instance when the file is unchanged, so cached certificate verifications stay valid.
    private static CertificateAuthorityBundle? Read(string? path, CertificateAuthorityBundle? previous)
    {
        if (path is null)
        {
            return null;
        }

        var pem = File.ReadAllText(path);
        return previous is not null && string.Equals(previous.Pem, pem, StringComparison.Ordinal)
            ? previous
            : CertificateAuthorityBundle.Parse(pem, path);
    }
}
