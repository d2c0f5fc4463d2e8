using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MetricsOperator.Serving.Authorization;

/// <summary>Authorization decisions by outcome and by what decided them, and the time SubjectAccessReviews take.</summary>
internal sealed class AuthorizationMetrics
{
    public const string MeterName = "MetricsOperator.Serving.Authorization";

    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _reviewDuration;

    public AuthorizationMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _decisions = meter.CreateCounter<long>("metrics_operator.authorization.decisions", "{decision}", "Authorization decisions by outcome and source");
        _reviewDuration = meter.CreateHistogram<double>(
            "metrics_operator.authorization.review.duration", "s", "Duration of SubjectAccessReviews (cache misses), failed ones included");
    }

    /// <summary><paramref name="decision"/>: allowed, forbidden or error; <paramref name="source"/>: path, group, cache, review or authentication (none ran).</summary>
    public void Decided(string decision, string source) =>
        _decisions.Add(1, new TagList { { "decision", decision }, { "source", source } });

    public void Reviewed(TimeSpan duration) => _reviewDuration.Record(duration.TotalSeconds);
}
