namespace MetricsOperator.Serving.Authorization;

/// <summary>How requests are authorized. Defaults are those of the aggregated API server's delegating authorizer.</summary>
internal sealed record KubernetesAuthorizationOptions
{
    /// <summary>Non-resource paths allowed without a SubjectAccessReview; a trailing <c>*</c> matches a prefix (<c>/livez/*</c>).</summary>
    public IReadOnlyList<string> AlwaysAllowPaths { get; init; } = ["/healthz", "/readyz", "/livez"];

    /// <summary>Groups allowed everything without a SubjectAccessReview.</summary>
    public IReadOnlyList<string> AlwaysAllowGroups { get; init; } = ["system:masters"];

    /// <summary>How long an allowing answer is reused for the same user and request attributes.</summary>
    public TimeSpan AllowedCacheTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a refusing answer is reused.</summary>
    public TimeSpan DeniedCacheTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many answers are kept; the least recently used is dropped first.</summary>
    public int CacheSize { get; init; } = 8192;

    /// <summary>How long one SubjectAccessReview may take before the request fails (closed).</summary>
    public TimeSpan ReviewTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Every problem with these options, each naming the option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (AlwaysAllowPaths is null)
        {
            errors.Add("alwaysAllowPaths must not be null");
        }
        else
        {
            foreach (var path in AlwaysAllowPaths)
            {
                if (AlwaysAllowedPaths.Problem(path) is { } problem)
                {
                    errors.Add("alwaysAllowPaths: " + problem);
                }
            }
        }

        if (AlwaysAllowGroups is null || AlwaysAllowGroups.Any(string.IsNullOrEmpty))
        {
            errors.Add("alwaysAllowGroups must not be null or contain empty group names");
        }

        RequirePositive(errors, "allowedCacheTtl", AllowedCacheTtl);
        RequirePositive(errors, "deniedCacheTtl", DeniedCacheTtl);
        RequirePositive(errors, "reviewTimeout", ReviewTimeout);
        if (CacheSize < 1)
        {
            errors.Add($"cacheSize must be at least 1 (was {CacheSize})");
        }

        return errors;
    }

    private static void RequirePositive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be positive (was {value})");
        }
    }
}
