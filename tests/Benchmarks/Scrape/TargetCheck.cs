namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>One target of performance-anchors §5 judged against a measured figure.</summary>
internal sealed record TargetCheck(string Profile, string Id, string Criterion, string Measured, bool Pass)
{
    public string Result => Pass ? "PASS" : "FAIL";
}
