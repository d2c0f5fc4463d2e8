using System.Globalization;
using System.Runtime.InteropServices;
using MetricsOperator.Scraping;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// <c>scrape</c>: runs each selected profile (farm process + operator process), prints the runtime configuration once
/// and each profile's tables as soon as it finishes, then the targets. Exit code 0 when every target passed, 1 when
/// one failed, 3 when a profile could not be run, 130 when interrupted.
/// </summary>
internal static class ScrapeCommand
{
    public static async Task<int> RunAsync(ScrapeBenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var interrupted = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Interrupt(context, interrupted));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Interrupt(context, interrupted));

        var output = Console.Out;
        var checks = new List<TargetCheck>();
        var headerPrinted = false;
        var broken = false;
        foreach (var profile in options.Profiles)
        {
            ProfileRunData data;
            try
            {
                data = await ProfileRun.RunAsync(profile, options, interrupted.Token);
            }
            catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("[harness] interrupted; child processes stopped");
                return 130;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
            {
                await Console.Error.WriteLineAsync($"[harness] {profile.Name} could not be run: {e.Message}");
                broken = true;
                continue;
            }

            if (!headerPrinted && data.Started is { } started)
            {
                PrintEnvironment(output, options, started);
                headerPrinted = true;
            }

            try
            {
                checks.AddRange(ProfileReport.Print(output, ProfileFigures.From(data)));
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync($"[harness] {e.Message} (operator process exit code {data.SutExitCode})");
                broken = true;
            }
        }

        PrintVerdict(output, checks);
        return broken ? 3 : checks.TrueForAll(c => c.Pass) ? 0 : 1;
    }

    private static void PrintEnvironment(TextWriter output, ScrapeBenchOptions options, SutStarted started)
    {
        var gc = (started.ServerGc ? "server" : "workstation") + " GC, " + (started.ConcurrentGc ? "concurrent" : "non-concurrent") + ", latency mode " + started.GcLatencyMode
            + (started.Gen0MaxBudgetBytes is { } budget ? string.Create(CultureInfo.InvariantCulture, $", gen0 budget at most {budget / 1048576.0:0.#} MiB") : string.Empty);
        var spin = started.UnfairSemaphoreSpinLimit is { } limit
            ? $"thread-pool spin limit {limit}" + (options.SpinLimit is null ? " (the operator's runtimeconfig)" : " (set by --spin-limit for both processes)")
            : "thread-pool spin limit not set (runtime default spinning)";
        output.WriteLine("## Scrape benchmark");
        output.WriteLine();
        output.WriteLine("- Process under test: the operator's scrape pipeline (ScrapeLoop round → ScrapeRound → KubeletClient over HTTPS with each kubelet");
        output.WriteLine("  certificate verified against the farm CA and a bearer token from a token file → KubeletPayloadDecoder → MetricsStore), static node source.");
        output.WriteLine("- Kubelets: KubeletFarmHost in a second process, one loopback address and certificate per node, kubelet 1.29+ payloads, real clock.");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- Machine: {started.ProcessorCount} CPUs ({CpuModel()}), Linux {KernelRelease()}. The farm process shares these cores with the operator process (no pinning):"));
        output.WriteLine("  wall times include that contention; CPU-seconds and memory are the operator process's alone, read from /proc/<pid>/stat and /proc/<pid>/status.");
        output.WriteLine($"- Runtime of the operator process: {started.Runtime}, {gc}; {spin}; TieredPGO {started.TieredPgo ?? "default (on)"}.");
        if (options.SutEnvironment.Count > 0)
        {
            output.WriteLine($"- Set by --sut-env for the operator process only (NOT what the image ships): {string.Join(", ", options.SutEnvironment.Select(e => e.Key + "=" + e.Value))}.");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- Resolution {HarnessDuration.Format(options.Resolution)}, up to {started.MaxConcurrency} requests in flight, request starts spread over up to {HarnessDuration.Format(TimeSpan.FromSeconds(started.MaxStaggerSeconds))}{(options.MaxStagger == ScrapeRound.DefaultMaxStagger ? " (the operator's default)" : " (NOT the operator's default)")}."));
        output.WriteLine("- Warm-up, not measured: the connect round (the first in which every node was scraped; incomplete rounds before it");
        output.WriteLine("  are still connecting) and the next. A round's CPU, allocation and GC figures cover the whole period since the");
        output.WriteLine("  previous round ended (busy and idle time).");
        output.WriteLine("- metrics-server column: its published sizing (README \"Scaling\": 1 mCore and 2 MiB per node) and PR #861's allocation figure, not measured here.");
        output.WriteLine("- Stored bytes per pod: heap after full GCs with the store filled minus after removing every node (points only; pod metadata is not part of this pipeline).");
        output.WriteLine();
    }

    private static void PrintVerdict(TextWriter output, List<TargetCheck> checks)
    {
        var table = new MarkdownTable("Profile", "Target", "Criterion", "Measured", "Result");
        foreach (var check in checks)
        {
            table.Add(check.Profile, check.Id, check.Criterion, check.Measured, check.Result);
        }

        output.WriteLine("### Targets");
        output.WriteLine();
        output.Write(table.Render());
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{checks.Count(c => c.Pass)} of {checks.Count} targets passed."));
    }

    private static string CpuModel()
    {
        const string Key = "model name";
        var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith(Key, StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string KernelRelease() =>
        File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.VersionString;

    private static void Interrupt(PosixSignalContext context, CancellationTokenSource interrupted)
    {
        context.Cancel = true;
        interrupted.Cancel();
    }
}
