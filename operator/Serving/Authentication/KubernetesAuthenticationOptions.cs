namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// How callers are authenticated. The CAs and header names come from the ConfigMap
/// <see cref="ConfigMapNamespace"/>/<see cref="ConfigMapName"/>, watched, unless a CA file is given: then the
/// explicit file and header options below are used instead of the ConfigMap (files are re-read when they change).
/// </summary>
internal sealed record KubernetesAuthenticationOptions
{
    public string ConfigMapNamespace { get; init; } = AuthenticationConfigMap.DefaultNamespace;

    public string ConfigMapName { get; init; } = AuthenticationConfigMap.DefaultName;

    /// <summary>PEM bundle of the CA for client certificates (<c>--client-ca-file</c>).</summary>
    public string? ClientCaFile { get; init; }

    /// <summary>PEM bundle of the CA for front-proxy certificates (<c>--requestheader-client-ca-file</c>).</summary>
    public string? RequestHeaderClientCaFile { get; init; }

    public IReadOnlyList<string> RequestHeaderAllowedNames { get; init; } = [];

    public IReadOnlyList<string> RequestHeaderUsernameHeaders { get; init; } = RequestHeaderSettings.DefaultUsernameHeaders;

    public IReadOnlyList<string> RequestHeaderUidHeaders { get; init; } = [];

    public IReadOnlyList<string> RequestHeaderGroupHeaders { get; init; } = RequestHeaderSettings.DefaultGroupHeaders;

    public IReadOnlyList<string> RequestHeaderExtraHeaderPrefixes { get; init; } = RequestHeaderSettings.DefaultExtraHeaderPrefixes;

    /// <summary>How often explicit CA files are checked for changes (Go's dynamic file content checks every minute).</summary>
    public TimeSpan FileReloadInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a TokenReview's answer (either way) is reused for the same token.</summary>
    public TimeSpan TokenCacheTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many tokens' answers are kept; the least recently used is dropped first.</summary>
    public int TokenCacheSize { get; init; } = 4096;

    /// <summary>Audiences the token must be valid for; empty: the API server's own.</summary>
    public IReadOnlyList<string> TokenAudiences { get; init; } = [];

    /// <summary>How long one TokenReview may take.</summary>
    public TimeSpan TokenReviewTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests without credentials proceed as <c>system:anonymous</c>; otherwise they get 401.</summary>
    public bool AllowAnonymous { get; init; } = true;

    public ClientCertificateHandshake ClientCertificateHandshake { get; init; } = ClientCertificateHandshake.VerifyPerRequest;

    /// <summary>True when explicit CA files replace the ConfigMap.</summary>
    public bool UsesFiles => ClientCaFile is not null || RequestHeaderClientCaFile is not null;

    /// <summary>Every problem with these options, each naming the option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConfigMapNamespace) || string.IsNullOrWhiteSpace(ConfigMapName))
        {
            errors.Add($"configMapNamespace and configMapName must both be set (were \"{ConfigMapNamespace}\" and \"{ConfigMapName}\")");
        }

        RequireFile(errors, nameof(ClientCaFile), ClientCaFile);
        RequireFile(errors, nameof(RequestHeaderClientCaFile), RequestHeaderClientCaFile);
        RequireHeaderNames(errors, nameof(RequestHeaderUsernameHeaders), RequestHeaderUsernameHeaders);
        RequireHeaderNames(errors, nameof(RequestHeaderUidHeaders), RequestHeaderUidHeaders);
        RequireHeaderNames(errors, nameof(RequestHeaderGroupHeaders), RequestHeaderGroupHeaders);
        RequireHeaderNames(errors, nameof(RequestHeaderExtraHeaderPrefixes), RequestHeaderExtraHeaderPrefixes);
        if (RequestHeaderAllowedNames is null || RequestHeaderAllowedNames.Any(string.IsNullOrEmpty))
        {
            errors.Add("requestHeaderAllowedNames must not contain empty names");
        }

        if (TokenAudiences is null || TokenAudiences.Any(string.IsNullOrEmpty))
        {
            errors.Add("tokenAudiences must not contain empty audiences");
        }

        RequirePositive(errors, nameof(FileReloadInterval), FileReloadInterval);
        RequirePositive(errors, nameof(TokenCacheTtl), TokenCacheTtl);
        RequirePositive(errors, nameof(TokenReviewTimeout), TokenReviewTimeout);
        if (TokenCacheSize < 1)
        {
            errors.Add($"tokenCacheSize must be at least 1 (was {TokenCacheSize})");
        }

        if (!Enum.IsDefined(ClientCertificateHandshake))
        {
            errors.Add($"clientCertificateHandshake {ClientCertificateHandshake} is not one of {string.Join(", ", Enum.GetNames<ClientCertificateHandshake>())}");
        }

        return errors;
    }

    private static void RequireFile(List<string> errors, string name, string? path)
    {
        if (path is not null && (path.Length == 0 || !File.Exists(path)))
        {
            errors.Add($"{Camel(name)} \"{path}\" does not name an existing file");
        }
    }

    private static void RequireHeaderNames(List<string> errors, string name, IReadOnlyList<string>? headers)
    {
        if (headers is null)
        {
            errors.Add($"{Camel(name)} must not be null");
            return;
        }

        foreach (var header in headers)
        {
            if (HeaderNameSyntax.Problem(header) is { } problem)
            {
                errors.Add($"{Camel(name)}: {problem}");
            }
        }
    }

    private static void RequirePositive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{Camel(name)} must be positive (was {value})");
        }
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
