namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// The front-proxy (request-header) authenticator's settings: which CA signs the proxy's client certificate, which
/// common names may act as the proxy (any, if empty), and the headers that carry the end user.
/// </summary>
internal sealed record RequestHeaderSettings
{
    public static readonly IReadOnlyList<string> DefaultUsernameHeaders = ["X-Remote-User"];
    public static readonly IReadOnlyList<string> DefaultGroupHeaders = ["X-Remote-Group"];
    public static readonly IReadOnlyList<string> DefaultExtraHeaderPrefixes = ["X-Remote-Extra-"];

    /// <summary>The request-header CA; null disables the front-proxy authenticator (its headers are still stripped).</summary>
    public CertificateAuthorityBundle? Authorities { get; init; }

    public IReadOnlyList<string> AllowedNames { get; init; } = [];

    public IReadOnlyList<string> UsernameHeaders { get; init; } = DefaultUsernameHeaders;

    public IReadOnlyList<string> UidHeaders { get; init; } = [];

    public IReadOnlyList<string> GroupHeaders { get; init; } = DefaultGroupHeaders;

    public IReadOnlyList<string> ExtraHeaderPrefixes { get; init; } = DefaultExtraHeaderPrefixes;

    /// <summary>True when <paramref name="commonName"/> may act as the front proxy.</summary>
    public bool Allows(string commonName)
    {
        if (AllowedNames.Count == 0)
        {
            return true;
        }

        foreach (var name in AllowedNames)
        {
            if (string.Equals(name, commonName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="headerName"/> is one the front proxy sets (user, uid, group or an extra prefix).</summary>
    public bool IsIdentityHeader(string headerName)
    {
        ArgumentNullException.ThrowIfNull(headerName);
        return Contains(UsernameHeaders, headerName) || Contains(UidHeaders, headerName) || Contains(GroupHeaders, headerName)
            || ExtraPrefixOf(headerName) is not null;
    }

    /// <summary>The extra-header prefix <paramref name="headerName"/> starts with (case-insensitively), or null.</summary>
    public string? ExtraPrefixOf(string headerName)
    {
        foreach (var prefix in ExtraHeaderPrefixes)
        {
            if (headerName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return prefix;
            }
        }

        return null;
    }

    private static bool Contains(IReadOnlyList<string> headers, string headerName)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header, headerName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
