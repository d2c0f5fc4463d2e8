namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>The well-known users and groups kube-apiserver assigns.</summary>
internal static class SystemGroups
{
    public const string Masters = "system:masters";
    public const string Authenticated = "system:authenticated";
    public const string Unauthenticated = "system:unauthenticated";
    public const string AnonymousUser = "system:anonymous";

    public static UserIdentity Anonymous { get; } = new(AnonymousUser, [Unauthenticated]);

    /// <summary>The groups with <c>system:authenticated</c> appended once, as the authenticator union adds it.</summary>
    public static IReadOnlyList<string> WithAuthenticated(IEnumerable<string> groups)
    {
        var list = groups.Where(g => !string.IsNullOrEmpty(g)).Distinct(StringComparer.Ordinal).ToList();
        if (!list.Contains(Authenticated, StringComparer.Ordinal))
        {
            list.Add(Authenticated);
        }

        return list;
    }
}
