using System.Diagnostics.Metrics;
using System.Text;

namespace MetricsOperator.Serving.Diagnostics;

/// <summary>
/// Names for instruments without an override, following the usual OpenTelemetry-to-Prometheus rules: dots become
/// underscores, the unit becomes a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>; annotations such
/// as <c>{request}</c> add nothing) and counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNaming
{
    public static string FamilyName(Instrument instrument, PrometheusMetricType type)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = new StringBuilder(instrument.Name.Length + 16);
        foreach (var c in instrument.Name)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        var unitSuffix = UnitSuffix(instrument.Unit);
        if (unitSuffix.Length > 0 && !EndsWith(name, unitSuffix))
        {
            name.Append(unitSuffix);
        }

        if (type == PrometheusMetricType.Counter && !EndsWith(name, "_total"))
        {
            name.Append("_total");
        }

        return name.ToString();
    }

    private static string UnitSuffix(string? unit) => unit switch
    {
        "s" => "_seconds",
        "ms" => "_milliseconds",
        "By" => "_bytes",
        "%" => "_percent",
        _ => string.Empty,
    };

    private static bool EndsWith(StringBuilder name, string suffix)
    {
        if (name.Length < suffix.Length)
        {
            return false;
        }

        for (var i = 0; i < suffix.Length; i++)
        {
            if (name[name.Length - suffix.Length + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }
}
