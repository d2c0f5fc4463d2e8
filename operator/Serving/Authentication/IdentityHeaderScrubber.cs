namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// Removes the front-proxy identity headers (username, uid, group and extra headers) from a request once
/// authentication has read what it trusts of them, so no later stage can mistake a caller's own
/// <c>X-Remote-User</c> for a vouched-for identity.
/// </summary>
internal static class IdentityHeaderScrubber
{
    public static void Scrub(IHeaderDictionary headers, RequestHeaderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(settings);
        List<string>? doomed = null;
        // Enumerating the pairs, not Keys, which copies every header name into a new collection.
        foreach (var (name, _) in headers)
        {
            if (settings.IsIdentityHeader(name))
            {
                (doomed ??= []).Add(name);
            }
        }

        if (doomed is null)
        {
            return;
        }

        foreach (var name in doomed)
        {
            headers.Remove(name);
        }
    }
}
