namespace MetricsOperator.Kubernetes.Pods;

/// <summary>
/// A pod UID held as a <see cref="Guid"/> (16 bytes instead of a 36-character string). A UID that is not a
/// canonical lowercase GUID is kept verbatim in <see cref="Text"/>, so nothing is lost or rewritten.
/// </summary>
internal readonly record struct PodUid(Guid Value, string? Text)
{
    public static PodUid Parse(string? uid)
    {
        if (Guid.TryParseExact(uid, "D", out var value) && IsCanonical(value, uid))
        {
            return new PodUid(value, null);
        }

        return new PodUid(Guid.Empty, uid ?? string.Empty);
    }

    public override string ToString() => Text ?? Value.ToString("D");

    private static bool IsCanonical(Guid value, string uid)
    {
        Span<char> formatted = stackalloc char[36];
        return value.TryFormat(formatted, out var written, "D") && formatted[..written].SequenceEqual(uid);
    }
}
