using k8s.Models;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>
/// rbac/validation.Covers: which of the requested rules' single-permission parts no owner rule covers. Rules are
/// broken down into one verb × group × resource × name (or verb × URL) each, as kube-apiserver does.
/// </summary>
internal static class RuleCoverage
{
    public static List<V1PolicyRule> Missing(IReadOnlyCollection<V1PolicyRule> owned, IEnumerable<V1PolicyRule> requested)
    {
        ArgumentNullException.ThrowIfNull(owned);
        ArgumentNullException.ThrowIfNull(requested);
        var missing = requested.SelectMany(Breakdown).Where(part => !owned.Any(o => Covers(o, part))).ToList();

        // Go sorts by the rule's String(), which starts with the verbs, then groups, resources, names and URLs.
        return [.. missing.OrderBy(SortKey, StringComparer.Ordinal)];
    }

    public static IEnumerable<V1PolicyRule> Breakdown(V1PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        foreach (var group in rule.ApiGroups ?? [])
        {
            foreach (var resource in rule.Resources ?? [])
            {
                foreach (var verb in rule.Verbs ?? [])
                {
                    if (rule.ResourceNames is { Count: > 0 } names)
                    {
                        foreach (var name in names)
                        {
                            yield return new V1PolicyRule { ApiGroups = [group], Resources = [resource], Verbs = [verb], ResourceNames = [name] };
                        }
                    }
                    else
                    {
                        yield return new V1PolicyRule { ApiGroups = [group], Resources = [resource], Verbs = [verb] };
                    }
                }
            }
        }

        foreach (var url in rule.NonResourceURLs ?? [])
        {
            foreach (var verb in rule.Verbs ?? [])
            {
                yield return new V1PolicyRule { NonResourceURLs = [url], Verbs = [verb] };
            }
        }
    }

    /// <summary>rbac/validation ruleCovers: <paramref name="owner"/> grants everything <paramref name="requested"/> does.</summary>
    public static bool Covers(V1PolicyRule owner, V1PolicyRule requested)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(requested);
        var verbs = owner.Verbs ?? [];
        var verbsCovered = verbs.Contains(PolicyRuleMatcher.All) || (requested.Verbs ?? []).All(verbs.Contains);
        var groups = owner.ApiGroups ?? [];
        var groupsCovered = groups.Contains(PolicyRuleMatcher.All) || (requested.ApiGroups ?? []).All(groups.Contains);
        var urlsCovered = (requested.NonResourceURLs ?? []).All(url => (owner.NonResourceURLs ?? []).Any(o => UrlCovers(o, url)));
        var namesCovered = owner.ResourceNames is not { Count: > 0 } || (requested.ResourceNames is { Count: > 0 } wanted && wanted.All(owner.ResourceNames.Contains));
        return verbsCovered && groupsCovered && ResourcesCovered(owner.Resources ?? [], requested.Resources ?? []) && urlsCovered && namesCovered;
    }

    private static bool ResourcesCovered(IList<string> owned, IList<string> requested)
    {
        if (owned.Contains(PolicyRuleMatcher.All))
        {
            return true;
        }

        foreach (var resource in requested)
        {
            if (owned.Contains(resource))
            {
                continue;
            }

            var slash = resource.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !owned.Contains("*/" + resource[(slash + 1)..]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool UrlCovers(string owner, string requested) =>
        owner == PolicyRuleMatcher.All || owner == requested
        || (owner.EndsWith('*') && requested.StartsWith(owner.TrimEnd('*'), StringComparison.Ordinal));

    private static string SortKey(V1PolicyRule rule) =>
        string.Join('|', [.. rule.Verbs ?? [], "#", .. rule.ApiGroups ?? [], "#", .. rule.Resources ?? [], "#", .. rule.ResourceNames ?? [], "#", .. rule.NonResourceURLs ?? []]);
}
