using System.Text.Json;
using k8s.Models;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// Reads ConfigMap <c>kube-system/extension-apiserver-authentication</c>, which the API server publishes for
/// aggregated API servers: the client CA, the request-header CA, the allowed proxy names and the header names
/// (JSON arrays of strings). A missing or blank header key falls back to the usual <c>X-Remote-*</c> default.
/// </summary>
internal static class AuthenticationConfigMap
{
    public const string DefaultNamespace = "kube-system";
    public const string DefaultName = "extension-apiserver-authentication";

    public const string ClientCaKey = "client-ca-file";
    public const string RequestHeaderCaKey = "requestheader-client-ca-file";
    public const string AllowedNamesKey = "requestheader-allowed-names";
    public const string UsernameHeadersKey = "requestheader-username-headers";
    public const string UidHeadersKey = "requestheader-uid-headers";
    public const string GroupHeadersKey = "requestheader-group-headers";
    public const string ExtraHeaderPrefixesKey = "requestheader-extra-headers-prefix";

    /// <summary>
    /// Parses the ConfigMap; throws <see cref="InvalidDataException"/> naming the key at fault. CA bundles whose PEM
    /// is unchanged from <paramref name="previous"/> are reused, so verifications cached against them stay valid.
    /// </summary>
    public static AuthenticationConfig Parse(V1ConfigMap configMap, AuthenticationConfig? previous = null)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        var origin = $"ConfigMap {configMap.Metadata?.NamespaceProperty}/{configMap.Metadata?.Name}";
        var data = configMap.Data ?? new Dictionary<string, string>();
        return new AuthenticationConfig
        {
            ClientAuthorities = Bundle(data, ClientCaKey, origin, previous?.ClientAuthorities),
            RequestHeader = new RequestHeaderSettings
            {
                Authorities = Bundle(data, RequestHeaderCaKey, origin, previous?.RequestHeader.Authorities),
                AllowedNames = Strings(data, AllowedNamesKey, origin, []),
                UsernameHeaders = HeaderNames(data, UsernameHeadersKey, origin, RequestHeaderSettings.DefaultUsernameHeaders),
                UidHeaders = HeaderNames(data, UidHeadersKey, origin, []),
                GroupHeaders = HeaderNames(data, GroupHeadersKey, origin, RequestHeaderSettings.DefaultGroupHeaders),
                ExtraHeaderPrefixes = HeaderNames(data, ExtraHeaderPrefixesKey, origin, RequestHeaderSettings.DefaultExtraHeaderPrefixes),
            },
        };
    }

    private static CertificateAuthorityBundle? Bundle(IDictionary<string, string> data, string key, string origin, CertificateAuthorityBundle? previous)
    {
        if (!data.TryGetValue(key, out var pem) || string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        return previous is not null && string.Equals(previous.Pem, pem, StringComparison.Ordinal)
            ? previous
            : CertificateAuthorityBundle.Parse(pem, $"{origin} key {key}");
    }

    private static IReadOnlyList<string> HeaderNames(IDictionary<string, string> data, string key, string origin, IReadOnlyList<string> fallback)
    {
        var names = Strings(data, key, origin, fallback);
        foreach (var name in names)
        {
            if (HeaderNameSyntax.Problem(name) is { } problem)
            {
                throw new InvalidDataException($"{origin} key {key}: {problem}");
            }
        }

        return names;
    }

    private static IReadOnlyList<string> Strings(IDictionary<string, string> data, string key, string origin, IReadOnlyList<string> fallback)
    {
        if (!data.TryGetValue(key, out var json) || string.IsNullOrWhiteSpace(json))
        {
            return fallback;
        }

        string[]? values;
        try
        {
            values = JsonSerializer.Deserialize<string[]>(json);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{origin} key {key} is not a JSON array of strings: {error.Message}", error);
        }

        if (values is null || Array.Exists(values, value => value is null))
        {
            throw new InvalidDataException($"{origin} key {key} is not a JSON array of strings: {json}");
        }

        return values;
    }
}
