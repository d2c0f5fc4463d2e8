using k8s.Models;
using MetricsOperator.Kubernetes.Informers;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// An <see cref="IAuthenticationConfigSource"/> kept current by an informer on the one authentication ConfigMap
/// (this class is the informer's store). A ConfigMap that does not parse is refused: the previous snapshot stays in
/// force and the problem is logged. A deleted or absent ConfigMap leaves no CA trusted (the API server re-creates
/// it; trusting a withdrawn CA would be worse than refusing certificates for a moment).
/// </summary>
internal sealed class ConfigMapAuthenticationConfigSource : IAuthenticationConfigSource, IInformerStore<V1ConfigMap>
{
    private readonly string _namespace;
    private readonly string _name;
    private readonly ILogger _logger;
    private AuthenticationConfig _current = AuthenticationConfig.Empty;
    private volatile bool _hasSynced;

    public ConfigMapAuthenticationConfigSource(string namespaceName, string name, ILogger<ConfigMapAuthenticationConfigSource> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(logger);
        (_namespace, _name, _logger) = (namespaceName, name, logger);
    }

    public AuthenticationConfig Current => Volatile.Read(ref _current);

    public bool HasSynced => _hasSynced;

    /// <summary>Text of the last refused ConfigMap's problem; null once a good one has been applied.</summary>
    public string? LastError { get; private set; }

    public void Replace(IReadOnlyList<V1ConfigMap> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var found = items.FirstOrDefault(IsTarget);
        if (found is null)
        {
            AuthenticationLog.ConfigMapMissing(_logger, _namespace, _name);
            Publish(AuthenticationConfig.Empty, "absent");
        }
        else
        {
            Apply(found);
        }

        _hasSynced = true;
    }

    public void Upsert(V1ConfigMap item)
    {
        if (IsTarget(item))
        {
            Apply(item);
        }
    }

    public void Remove(V1ConfigMap item)
    {
        if (IsTarget(item))
        {
            AuthenticationLog.ConfigMapMissing(_logger, _namespace, _name);
            Publish(AuthenticationConfig.Empty, "deleted");
        }
    }

    private bool IsTarget(V1ConfigMap item) =>
        item?.Metadata is { } metadata
        && string.Equals(metadata.Name, _name, StringComparison.Ordinal)
        && (metadata.NamespaceProperty is null || string.Equals(metadata.NamespaceProperty, _namespace, StringComparison.Ordinal));

    private void Apply(V1ConfigMap configMap)
    {
        AuthenticationConfig parsed;
        try
        {
            parsed = AuthenticationConfigMap.Parse(configMap, Current);
        }
        catch (InvalidDataException error)
        {
            LastError = error.Message;
            AuthenticationLog.ConfigRefused(_logger, $"{_namespace}/{_name}", error.Message);
            return;
        }

        LastError = null;
        Publish(parsed, $"resourceVersion {configMap.Metadata?.ResourceVersion}");
    }

    private void Publish(AuthenticationConfig config, string version)
    {
        Volatile.Write(ref _current, config);
        AuthenticationLog.ConfigLoaded(_logger, $"ConfigMap {_namespace}/{_name} ({version})", config.Describe());
    }
}
