namespace MetricsOperator.Serving.Diagnostics;

/// <summary>
/// Exposes one instrument under a chosen family name and help text, and for histograms with chosen buckets,
/// instead of the name derived from the instrument (used to keep metrics-server's family names).
/// </summary>
internal sealed record PrometheusFamilyOverride(
    string MeterName,
    string InstrumentName,
    string FamilyName,
    string Help,
    IReadOnlyList<double>? Buckets = null);
