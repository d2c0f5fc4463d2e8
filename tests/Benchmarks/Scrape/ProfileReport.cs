using System.Globalization;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// The tables of one profile: the figures beside metrics-server's published sizing (1 mCore and 2 MiB per node,
/// README "Scaling") with the §5 targets judged, then every round. Returns the judged targets.
/// </summary>
internal static class ProfileReport
{
    private const double MetricsServerCoresPerNode = 0.001;
    private const double MetricsServerBytesPerNode = 2 * 1024 * 1024;

    // PR #861 (performance-anchors §4.2): Go GetMetrics allocates 198 kB per kubelet scrape.
    private const double MetricsServerAllocatedPerScrape = 198_000;
    private const double MiB = 1024 * 1024;

    public static IReadOnlyList<TargetCheck> Print(TextWriter output, ProfileFigures figures)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(figures);
        var profile = figures.Profile;
        var nodes = profile.Nodes;
        var resolution = figures.ResolutionSeconds;
        var measured = figures.Measured;
        var checks = new List<TargetCheck>();
        var table = new MarkdownTable("Figure", "Measured", "metrics-server sizing", "Ours ÷ theirs", "Target", "Result");

        TargetCheck Check(string id, string criterion, string value, bool pass)
        {
            var check = new TargetCheck(profile.Name, id, criterion, value, pass);
            checks.Add(check);
            return check;
        }

        void Row(string figure, string value, double? ours = null, double? theirs = null, string theirsText = "", TargetCheck? check = null) =>
            table.Add(figure, value, theirsText, ours is { } o && theirs is { } t ? Percent(o / t) : string.Empty, check is null ? string.Empty : $"{check.Id} {check.Criterion}", check?.Result ?? string.Empty);

        var cpuMedian = Stats.Median(figures.CpuPerRound);
        var cpuMax = Stats.Max(figures.CpuPerRound);
        var theirCpu = nodes * MetricsServerCoresPerNode * resolution;
        var cpuCheck = profile.CpuSecondsPerRoundTarget is { } cpuTarget
            ? Check("T1", $"≤ {F(cpuTarget, "0.00")} CPU-s", $"{F(cpuMedian, "0.000")} CPU-s", cpuMedian <= cpuTarget)
            : null;
        Row($"CPU per round, median of {measured.Count}", $"{F(cpuMedian, "0.000")} CPU-s", cpuMedian, theirCpu, $"{F(theirCpu, "0.0")} CPU-s (1 mCore/node × {F(resolution, "0")} s)", cpuCheck);
        var stretch = profile.CpuSecondsPerRoundStretch is { } stretchTarget
            ? Check("T1 stretch", $"≤ {F(stretchTarget, "0.00")} CPU-s", $"{F(cpuMedian, "0.000")} CPU-s", cpuMedian <= stretchTarget)
            : null;
        Row("CPU per round, p99 / max", $"{F(Stats.Percentile(figures.CpuPerRound, 99), "0.000")} / {F(cpuMax, "0.000")} CPU-s", cpuMax, theirCpu, $"{F(theirCpu, "0.0")} CPU-s", stretch);

        // T1's per-node bound is the same criterion as the per-round one at the profile's own node count.
        var perScrape = cpuMedian / nodes * 1e6;
        var perScrapeCheck = cpuCheck is null ? Check("T1", "≤ 150 µs", $"{F(perScrape, "0")} µs", perScrape <= 150) : null;
        Row("CPU per node-scrape, median", $"{F(perScrape, "0")} µs", perScrape, MetricsServerCoresPerNode * resolution * 1e6, $"{F(MetricsServerCoresPerNode * resolution * 1e6, "#,0")} µs", perScrapeCheck);
        var inRound = Stats.Median(figures.InRoundCpu);
        Row("  of which inside the round, median (getrusage)", $"{F(inRound, "0.000")} CPU-s");
        Row("  of which between rounds, median (getrusage)", $"{F(Stats.Median([.. measured.Select(r => r.RusageCpuSeconds - r.InRoundCpuSeconds)]), "0.000")} CPU-s");
        Row("  of which JIT compilation, median / max (JitInfo)", $"{F(Stats.Median(figures.JitPerRound) * 1000, "0.0")} / {F(Stats.Max(figures.JitPerRound) * 1000, "0.0")} ms");
        var averageMilliCores = cpuMedian / resolution * 1000;
        Row($"Average CPU (median round ÷ {F(resolution, "0")} s)", $"{F(averageMilliCores, "0.0")} mCore", averageMilliCores, nodes * MetricsServerCoresPerNode * 1000, $"{F(nodes * MetricsServerCoresPerNode * 1000, "#,0")} mCore");
        Row("Peak CPU over any 1 s sample", $"{F(figures.PeakCpuCores, "0.00")} cores");

        var wallMedian = Stats.Median(figures.WallPerRound);
        var wallMax = Stats.Max(figures.WallPerRound);
        var failed = figures.NodesFailedInMeasuredRounds;
        Row("Wall per round, median", $"{F(wallMedian, "0.000")} s", theirsText: "— (a round may take the whole resolution)");
        Row($"Wall per round, p99 / max", $"{F(Stats.Percentile(figures.WallPerRound, 99), "0.000")} s / {F(wallMax, "0.000")} s", check: Check("T2", "every round ≤ 2 s", $"max {F(wallMax, "0.000")} s", wallMax <= 2));
        Row("Nodes failed in measured rounds", $"{failed} of {measured.Count * nodes:#,0} scrapes", check: Check("T2", "all nodes scraped", $"{failed} failed", failed == 0));

        var first = figures.Rounds[0];
        Row("First (connect) round", $"{F(first.WallSeconds, "0.0")} s, {first.NodesOk:#,0} ok, {first.NodesFailed:#,0} failed");
        var coldStart = figures.FirstCompleteRound is { } complete
            ? $"{F(figures.ColdStartWallSeconds, "0.0")} s wall, {F(figures.ColdStartCpuSeconds, "0.0")} CPU-s (round {complete.Report.Round + 1})"
            : "no round scraped every node";
        Row("Cold start: process start → first round with every node scraped", coldStart, check: Check("T7", "≤ 20 s and ≤ 20 CPU-s", coldStart, figures.ColdStartWallSeconds <= 20 && figures.ColdStartCpuSeconds <= 20));

        var theirRss = nodes * MetricsServerBytesPerNode;
        var rss = figures.SteadyRssMax;
        var rssCheck = profile.RssMiBTarget is { } rssTarget
            ? Check("T4", $"≤ {F(rssTarget, "0")} MiB", $"{F(rss.RssBytes / MiB, "0")} MiB", rss.RssBytes <= rssTarget * MiB)
            : null;
        Row("RSS, steady max (1 Hz + round ends)", $"{F(rss.RssBytes / MiB, "0.0")} MiB", rss.RssBytes, theirRss, $"{F(theirRss / MiB, "#,0")} MiB (2 MiB/node)", rssCheck);
        Row("  of which anonymous / file-backed", $"{F(rss.RssAnonBytes / MiB, "0.0")} / {F(rss.RssFileBytes / MiB, "0.0")} MiB");
        Row("RSS, peak incl. cold start (VmHWM)", $"{F(figures.PeakRssBytes / MiB, "0.0")} MiB", figures.PeakRssBytes, theirRss, $"{F(theirRss / MiB, "#,0")} MiB");
        var firstMeasured = measured[0];
        var heapGrowth = (measured[^1].HeapBytes - firstMeasured.HeapBytes) / MiB;
        var gen0 = measured.Sum(r => r.Gen0);
        Row(
            "GC heap over the measured rounds",
            $"{F(firstMeasured.HeapBytes / MiB, "0.0")} → {F(measured[^1].HeapBytes / MiB, "0.0")} MiB, {gen0} gen0 GCs{(gen0 == 0 && heapGrowth > 0 ? " (no collection yet: RSS has not reached its plateau)" : string.Empty)}");

        if (figures.LastGcHeap is { GcIndex: > 0 } heap)
        {
            Row($"GC heap after the last collection (#{heap.GcIndex})", GcHeapText(heap));
        }

        var allocMedian = Stats.Median(figures.AllocatedPerNodeScrape);
        var allocMax = Stats.Max(figures.AllocatedPerNodeScrape);
        Row("Allocated per node-scrape, median", $"{F(allocMedian / 1024, "0.00")} KiB", allocMedian, MetricsServerAllocatedPerScrape, "198 kB (Go GetMetrics, PR #861)");
        Row("Allocated per node-scrape, max", $"{F(allocMax / 1024, "0.00")} KiB", allocMax, MetricsServerAllocatedPerScrape, "198 kB", Check("T6", "≤ 4 KiB", $"{F(allocMax / 1024, "0.00")} KiB", allocMax <= 4096));
        // Judged as a rate over the measured time: one gen2 in a 5-minute run is 2 per 10 minutes, not a pass.
        var gen2Text = $"{figures.Gen2InMeasuredRounds} in {F(figures.MeasuredSeconds, "0")} s ({(figures.MeasuredSeconds > 0 ? F(figures.Gen2InMeasuredRounds * 600 / figures.MeasuredSeconds, "0.0") : "-")} per 10 min)";
        Row("Gen2 GCs in measured rounds", gen2Text, check: Check("T6", "≤ 1 gen2 per 10 min", gen2Text, figures.Gen2InMeasuredRounds * 600 <= figures.MeasuredSeconds));

        if (figures.StoredBytesPerPod is { } perPod)
        {
            var theirPerPod = MetricsServerBytesPerNode / ScrapeProfile.PodsPerNode;
            Row($"Stored bytes per pod ({figures.StoredPods:#,0} pods)", $"{F(perPod, "0")} B", perPod, theirPerPod, $"{F(theirPerPod / 1024, "0.0")} KiB (2 MiB/node ÷ {ScrapeProfile.PodsPerNode} pods)", Check("T5", "≤ 1 KiB (points only)", $"{F(perPod, "0")} B", perPod <= 1024));
        }
        else
        {
            table.Add("Stored bytes per pod", "not reported", string.Empty, string.Empty, "T5 ≤ 1 KiB", "FAIL");
            checks.Add(new TargetCheck(profile.Name, "T5", "≤ 1 KiB", "not reported", false));
        }

        Row("Farm process CPU per round, median (context only)", $"{F(Stats.Median([.. measured.Select(r => r.FarmCpuSeconds)]), "0.000")} CPU-s");
        var others = Stats.Median([.. measured.Select(r => r.OtherCpuSeconds)]);
        Row("Other processes' CPU per round, median (machine load)", $"{F(others, "0.00")} CPU-s ({F(others / resolution, "0.00")} cores)");

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"### {profile.Name}: {nodes:#,0} nodes × {ScrapeProfile.PodsPerNode} pods × {ScrapeProfile.ContainersPerPod} containers ({nodes * ScrapeProfile.PodsPerNode:#,0} pods), resolution {F(resolution, "0")} s, {figures.Rounds.Count - measured.Count} warm-up + {measured.Count} measured rounds"));
        output.WriteLine();
        output.Write(table.Render());
        output.WriteLine();
        output.Write(RoundTable(figures).Render());
        output.WriteLine();
        return checks;
    }

    private static MarkdownTable RoundTable(ProfileFigures figures)
    {
        var table = new MarkdownTable("Round", "Phase", "Wall s", "OK", "Failed", "CPU-s (/proc)", "CPU-s (getrusage)", "in round", "JIT ms (methods)", "Alloc/node-scrape", "GC 0/1/2", "GC heap MiB", "RSS (anon) MiB", "Farm CPU-s", "Others CPU-s");
        foreach (var round in figures.Rounds)
        {
            table.Add(
                (round.Round + 1).ToString(CultureInfo.InvariantCulture),
                Phase(figures, round),
                F(round.WallSeconds, "0.000"),
                round.NodesOk.ToString(CultureInfo.InvariantCulture),
                round.NodesFailed.ToString(CultureInfo.InvariantCulture),
                F(round.CpuSeconds, "0.00"),
                F(round.RusageCpuSeconds, "0.000"),
                F(round.InRoundCpuSeconds, "0.000"),
                $"{F(round.JitSeconds * 1000, "0.0")} ({round.JitMethods})",
                $"{F(round.AllocatedBytesPerNodeScrape / 1024, "0.00")} KiB",
                $"{round.Gen0}/{round.Gen1}/{round.Gen2}",
                F(round.HeapBytes / MiB, "0.0"),
                $"{F(round.Sut.RssBytes / MiB, "0.0")} ({F(round.Sut.RssAnonBytes / MiB, "0.0")})",
                F(round.FarmCpuSeconds, "0.00"),
                F(round.OtherCpuSeconds, "0.00"));
        }

        return table;
    }

    // Generations 0, 1, 2, then the large and pinned object heaps (GCGenerationInfo order).
    private static string GcHeapText(SutGcHeap heap)
    {
        string[] names = ["gen0", "gen1", "gen2", "LOH", "POH"];
        var generations = string.Join(", ", heap.GenerationSizeAfterBytes.Take(names.Length).Select((size, i) => $"{names[i]} {F(size / MiB, "0.0")}"));
        return $"{F(heap.CommittedBytes / MiB, "0.0")} MiB committed, {F(heap.HeapSizeBytes / MiB, "0.0")} MiB heap ({generations}), {F(heap.FragmentedBytes / MiB, "0.0")} MiB free in it";
    }

    private static string Phase(ProfileFigures figures, RoundFigures round) => round switch
    {
        { IsMeasured: true } => "measured",
        _ when round.Round == figures.FirstCompleteRound?.Report.Round => "warm-up (connect)",
        { NodesFailed: > 0 } => "warm-up (incomplete)",
        _ => "warm-up",
    };

    private static string Percent(double ratio) => double.IsFinite(ratio) ? F(ratio * 100, ratio < 0.01 ? "0.00" : "0.0") + " %" : string.Empty;

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
