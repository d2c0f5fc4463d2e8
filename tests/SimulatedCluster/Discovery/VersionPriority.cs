using System.Text.RegularExpressions;

namespace MetricsOperator.SimulatedCluster.Discovery;

/// <summary>Kubernetes version ordering: GA above beta above alpha, higher numbers first (v2 &gt; v1 &gt; v1beta2 &gt; v1beta1 &gt; v1alpha1).</summary>
internal static partial class VersionPriority
{
    public static long Rank(string version)
    {
        var match = Pattern().Match(version);
        if (!match.Success)
        {
            return 0;
        }

        var major = long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = match.Groups[2].Value switch { "" => 3, "beta" => 2, _ => 1 };
        var minor = match.Groups[3].Success ? long.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (stage * 1_000_000) + (major * 1_000) + minor;
    }

    [GeneratedRegex("^v([0-9]+)(?:(alpha|beta)([0-9]+))?$")]
    private static partial Regex Pattern();
}
