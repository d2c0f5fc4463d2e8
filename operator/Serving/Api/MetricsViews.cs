using MetricsOperator.Storage;

namespace MetricsOperator.Serving.Api;

/// <summary>Where a request gets its read view of the stored metrics (one per request, disposed when answered).</summary>
internal interface IMetricsViews
{
    MetricsReadView OpenView();
}

/// <summary>Read views of the pipeline's <see cref="MetricsStore"/>.</summary>
internal sealed class StoreMetricsViews(MetricsStore store) : IMetricsViews
{
    private readonly MetricsStore _store = store ?? throw new ArgumentNullException(nameof(store));

    public MetricsReadView OpenView() => _store.OpenView();
}
