namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// The caller as Kubernetes sees it (user.Info): a name, an optional UID, groups and extra attributes. Equality is by
/// value, groups and extra values included in order, so a user can be part of a cache key.
/// </summary>
internal sealed record KubernetesUser
{
    public const string AnonymousName = "system:anonymous";
    public const string AuthenticatedGroup = "system:authenticated";
    public const string UnauthenticatedGroup = "system:unauthenticated";
    public const string MastersGroup = "system:masters";

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoExtra = new Dictionary<string, IReadOnlyList<string>>();

    public KubernetesUser(
        string name,
        IReadOnlyList<string>? groups = null,
        string? uid = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Groups = groups ?? [];
        Uid = string.IsNullOrEmpty(uid) ? null : uid;
        Extra = extra ?? NoExtra;
    }

    /// <summary><c>system:anonymous</c> in <c>system:unauthenticated</c>, for requests without credentials.</summary>
    public static KubernetesUser Anonymous { get; } = new(AnonymousName, [UnauthenticatedGroup]);

    public string Name { get; }

    public string? Uid { get; }

    public IReadOnlyList<string> Groups { get; }

    /// <summary>Extra attributes (from front-proxy <c>X-Remote-Extra-*</c> headers or a TokenReview), keys lower-case.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Extra { get; }

    public bool IsInGroup(string group)
    {
        foreach (var candidate in Groups)
        {
            if (string.Equals(candidate, group, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// This user with <c>system:authenticated</c> appended, as the API server's group adder does: not for the anonymous
    /// user, and not when the groups already say authenticated or unauthenticated.
    /// </summary>
    public KubernetesUser WithAuthenticatedGroup()
    {
        if (Name == AnonymousName || IsInGroup(AuthenticatedGroup) || IsInGroup(UnauthenticatedGroup))
        {
            return this;
        }

        return new KubernetesUser(Name, [.. Groups, AuthenticatedGroup], Uid, Extra);
    }

    /// <summary>For logs and test messages: the name and the groups.</summary>
    public override string ToString() => $"{Name} [{string.Join(", ", Groups)}]";

    public bool Equals(KubernetesUser? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null
            && string.Equals(Name, other.Name, StringComparison.Ordinal)
            && string.Equals(Uid, other.Uid, StringComparison.Ordinal)
            && SameStrings(Groups, other.Groups)
            && ExtraEquals(Extra, other.Extra);
    }

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        hash.Add(Uid, StringComparer.Ordinal);
        for (var i = 0; i < Groups.Count; i++)
        {
            hash.Add(Groups[i], StringComparer.Ordinal);
        }

        hash.Add(Extra.Count);
        return hash.ToHashCode();
    }

    // Indexed rather than SequenceEqual: this runs on every authorization cache lookup and must not allocate.
    private static bool SameStrings(IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!string.Equals(left[i], right[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ExtraEquals(IReadOnlyDictionary<string, IReadOnlyList<string>> left, IReadOnlyDictionary<string, IReadOnlyList<string>> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (key, values) in left)
        {
            if (!right.TryGetValue(key, out var otherValues) || !SameStrings(values, otherValues))
            {
                return false;
            }
        }

        return true;
    }
}
