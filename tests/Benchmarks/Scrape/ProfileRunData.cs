namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// A round as the operator reported it, with both processes (and the machine's busy time) read from procfs the moment
/// the report arrived.
/// </summary>
internal sealed record RoundObservation(SutRound Report, ProcessSample Sut, ProcessSample Farm, double MachineBusySeconds);

/// <summary>Everything observed while running one profile; <see cref="ProfileFigures"/> turns it into figures.</summary>
internal sealed class ProfileRunData(ScrapeProfile profile)
{
    private readonly Lock _samplesGate = new();
    private readonly List<ProcessSample> _samples = [];

    public ScrapeProfile Profile { get; } = profile;

    public SutStarted? Started { get; set; }

    public List<RoundObservation> Rounds { get; } = [];

    public SutStoreFootprint? Store { get; set; }

    public int? SutExitCode { get; set; }

    /// <summary>Index of the first measured round (see <see cref="ScrapeProfile.MeasuredFrom"/>).</summary>
    public int MeasuredFrom => Profile.MeasuredFrom([.. Rounds.Select(r => r.Report)]);

    public int MeasuredCount => Math.Max(0, Rounds.Count - MeasuredFrom);

    /// <summary>The operator process sampled once a second (and at every round boundary).</summary>
    public IReadOnlyList<ProcessSample> Samples
    {
        get
        {
            lock (_samplesGate)
            {
                return [.. _samples];
            }
        }
    }

    public void AddSample(ProcessSample sample)
    {
        lock (_samplesGate)
        {
            _samples.Add(sample);
        }
    }
}
