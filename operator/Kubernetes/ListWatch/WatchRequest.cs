namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// A WATCH from <paramref name="ResourceVersion"/> (empty: from now) that the server ends after
/// <paramref name="Timeout"/>; with <paramref name="AllowBookmarks"/> the server sends BOOKMARK events that only
/// advance the resourceVersion.
/// </summary>
internal readonly record struct WatchRequest(string ResourceVersion, TimeSpan Timeout, bool AllowBookmarks = true)
{
    /// <summary>The <c>timeoutSeconds</c> query value: whole seconds, at least one.</summary>
    public int TimeoutSeconds => Math.Max(1, (int)Math.Ceiling(Timeout.TotalSeconds));
}
