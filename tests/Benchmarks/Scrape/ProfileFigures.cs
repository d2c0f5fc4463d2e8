namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// The figures of one profile run. A measured round's CPU, allocation and GC counts are differences between the
/// end of that round and the end of the one before, so they cover the whole resolution period (the round plus the
/// idle time before it), not just the busy part.
/// </summary>
internal sealed record ProfileFigures(
    ScrapeProfile Profile,
    double ResolutionSeconds,
    IReadOnlyList<RoundFigures> Rounds,
    RoundObservation? FirstCompleteRound,
    ProcessSample SteadyRssMax,
    double PeakRssBytes,
    double PeakCpuCores,
    int Gen2InMeasuredRounds,
    double MeasuredSeconds,
    int StoredPods,
    double? StoredBytesPerPod,
    SutGcHeap? LastGcHeap = null)
{
    public IReadOnlyList<RoundFigures> Measured => [.. Rounds.Where(r => r.IsMeasured)];

    public IReadOnlyList<double> CpuPerRound => [.. Measured.Select(r => r.CpuSeconds)];

    public IReadOnlyList<double> InRoundCpu => [.. Measured.Select(r => r.InRoundCpuSeconds)];

    public IReadOnlyList<double> JitPerRound => [.. Measured.Select(r => r.JitSeconds)];

    public IReadOnlyList<double> WallPerRound => [.. Measured.Select(r => r.WallSeconds)];

    public IReadOnlyList<double> AllocatedPerNodeScrape => [.. Measured.Select(r => r.AllocatedBytesPerNodeScrape)];

    public int NodesFailedInMeasuredRounds => Measured.Sum(r => r.NodesFailed);

    /// <summary>Process start to the end of the first round in which every node was scraped (T7).</summary>
    public double ColdStartWallSeconds => FirstCompleteRound?.Sut.ElapsedSeconds ?? double.NaN;

    public double ColdStartCpuSeconds => FirstCompleteRound?.Sut.CpuSeconds ?? double.NaN;

    public static ProfileFigures From(ProfileRunData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var profile = data.Profile;
        var observed = data.Rounds;
        var measuredFrom = data.MeasuredFrom;
        if (observed.Count <= measuredFrom)
        {
            var outcomes = string.Join(", ", observed.Select(r => $"{r.Report.NodesOk} ok/{r.Report.NodesFailed} failed in {r.Report.WallSeconds:0.0} s"));
            throw new InvalidOperationException($"{profile.Name}: no round could be measured (rounds: {outcomes}); every node must be scraped in one round, then {profile.WarmupRounds - 1} more warm-up round(s) follow");
        }

        var rounds = new List<RoundFigures>(observed.Count);
        for (var i = 0; i < observed.Count; i++)
        {
            rounds.Add(RoundFigures.Between(i == 0 ? null : observed[i - 1], observed[i], isMeasured: i >= measuredFrom));
        }

        var windowStart = observed[measuredFrom - 1].Sut.ElapsedSeconds;
        var windowEnd = observed[^1].Sut.ElapsedSeconds;
        var window = data.Samples.Where(s => s.ElapsedSeconds >= windowStart && s.ElapsedSeconds <= windowEnd).OrderBy(s => s.ElapsedSeconds).ToArray();
        var peakCores = 0.0;
        for (var i = 1; i < window.Length; i++)
        {
            var seconds = window[i].ElapsedSeconds - window[i - 1].ElapsedSeconds;
            if (seconds >= 0.5)
            {
                peakCores = Math.Max(peakCores, (window[i].CpuSeconds - window[i - 1].CpuSeconds) / seconds);
            }
        }

        var store = data.Store;
        return new ProfileFigures(
            profile,
            data.Started?.ResolutionSeconds ?? double.NaN,
            rounds,
            observed.FirstOrDefault(r => r.Report is { NodesFailed: 0, NodesOk: > 0 }),
            window.Length == 0 ? observed[^1].Sut : window.MaxBy(s => s.RssBytes),
            observed[^1].Sut.PeakRssBytes,
            peakCores,
            observed[^1].Report.Gen2Collections - observed[measuredFrom - 1].Report.Gen2Collections,
            windowEnd - windowStart,
            store?.StoredPods ?? 0,
            store is { StoredPods: > 0 } ? (store.HeapFilledBytes - store.HeapEmptiedBytes) / (double)store.StoredPods : null,
            observed[^1].Report.GcHeap);
    }
}

/// <summary>One round: its own wall time and outcome, and what the operator process spent since the previous round ended.</summary>
internal sealed record RoundFigures(
    int Round,
    bool IsMeasured,
    double WallSeconds,
    int NodesOk,
    int NodesFailed,
    double CpuSeconds,
    double RusageCpuSeconds,
    double InRoundCpuSeconds,
    double FarmCpuSeconds,
    double OtherCpuSeconds,
    double AllocatedBytesPerNodeScrape,
    int Gen0,
    int Gen1,
    int Gen2,
    double HeapBytes,
    ProcessSample Sut,
    double JitSeconds,
    long JitMethods)
{
    public static RoundFigures Between(RoundObservation? previous, RoundObservation current, bool isMeasured)
    {
        ArgumentNullException.ThrowIfNull(current);
        var report = current.Report;
        var before = previous?.Report;
        return new RoundFigures(
            report.Round,
            isMeasured,
            report.WallSeconds,
            report.NodesOk,
            report.NodesFailed,
            current.Sut.CpuSeconds - (previous?.Sut.CpuSeconds ?? 0),
            report.CpuSeconds - (before?.CpuSeconds ?? 0),
            report.CpuSeconds - report.CpuSecondsAtStart,
            current.Farm.CpuSeconds - (previous?.Farm.CpuSeconds ?? 0),
            previous is null
                ? double.NaN
                : current.MachineBusySeconds - previous.MachineBusySeconds - (current.Sut.CpuSeconds - previous.Sut.CpuSeconds) - (current.Farm.CpuSeconds - previous.Farm.CpuSeconds),
            report.NodesOk == 0 ? double.NaN : (report.AllocatedBytes - (before?.AllocatedBytes ?? 0)) / (double)report.NodesOk,
            report.Gen0Collections - (before?.Gen0Collections ?? 0),
            report.Gen1Collections - (before?.Gen1Collections ?? 0),
            report.Gen2Collections - (before?.Gen2Collections ?? 0),
            report.HeapBytes,
            current.Sut,
            report.JitSeconds - (before?.JitSeconds ?? 0),
            report.JitMethods - (before?.JitMethods ?? 0));
    }
}
