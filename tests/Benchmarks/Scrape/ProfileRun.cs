using System.Globalization;
using System.Text.Json;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// Runs one profile: starts the farm process and waits for it, starts the operator process, samples the operator from
/// procfs once a second and at every round it reports, and stops both (no orphans, also on cancellation).
/// </summary>
internal static class ProfileRun
{
    private static readonly TimeSpan FarmStartTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan OverrunAllowance = TimeSpan.FromMinutes(3);

    public static async Task<ProfileRunData> RunAsync(ScrapeProfile profile, ScrapeBenchOptions options, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("metrics-operator-bench-");
        try
        {
            var environment = ChildEnvironment(options);
            await using var farm = HarnessChild.Start("farm", FarmProcess.Mode, FarmArguments(profile, options, directory.FullName), environment, OpenFileLimit.RequiredFor(profile.Nodes));
            var ready = await WaitForReadyAsync(farm, cancellationToken);
            Progress($"{profile.Name}: farm process {farm.Id} {ready}");

            string[] sutArguments =
            [
                "--dir", directory.FullName,
                "--rounds", Text(profile.MaxRounds),
                "--resolution", HarnessDuration.Format(options.Resolution),
                "--concurrency", Text(options.MaxConcurrency),
                "--max-stagger", HarnessDuration.Format(options.MaxStagger),
            ];
            var data = new ProfileRunData(profile);
            var sutEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal);
            foreach (var (name, value) in options.SutEnvironment)
            {
                sutEnvironment[name] = value;
            }

            await using var sut = HarnessChild.Start("sut", SutProcess.Mode, sutArguments, sutEnvironment, profile.Nodes + 1_024);
            using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            run.CancelAfter((options.Resolution * profile.MaxRounds) + OverrunAllowance);
            var sampling = SampleEverySecondAsync(sut, data, run.Token);
            try
            {
                await CollectAsync(sut, farm, data, run.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{profile.Name}: the operator process did not finish its rounds in time");
            }
            finally
            {
                await run.CancelAsync();
                await sampling;
            }

            data.SutExitCode = await sut.StopAsync(TimeSpan.FromSeconds(30));
            return data;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> ChildEnvironment(ScrapeBenchOptions options)
    {
        // As in the operator image: workstation GC; the spin limit is applied to both processes when given.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["DOTNET_gcServer"] = "0" };
        if (options.SpinLimit is { } spinLimit)
        {
            environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = spinLimit;
        }

        return environment;
    }

    private static string[] FarmArguments(ScrapeProfile profile, ScrapeBenchOptions options, string directory) =>
    [
        "--dir", directory,
        "--nodes", Text(profile.Nodes),
        "--pods", Text(ScrapeProfile.PodsPerNode),
        "--containers", Text(ScrapeProfile.ContainersPerPod),
        "--base-address", options.BaseAddress.ToString(),
        "--port", Text(options.Port),
    ];

    private static async Task<string> WaitForReadyAsync(HarnessChild farm, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FarmStartTimeout);
        while (await farm.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(FarmProcess.ReadyLine, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"the farm process exited before it was ready (exit code {await farm.StopAsync(TimeSpan.FromSeconds(5))}); see its [farm] output above");
    }

    private static async Task CollectAsync(HarnessChild sut, HarnessChild farm, ProfileRunData data, CancellationToken cancellationToken)
    {
        var finishRequested = false;
        while (await sut.ReadLineAsync(cancellationToken) is { } line)
        {
            // Read both processes first: the round's CPU figure must not include our own parsing delay.
            if (sut.TrySample(out var sutSample))
            {
                data.AddSample(sutSample);
            }

            farm.TrySample(out var farmSample);
            var machineBusy = MachineCpu.BusySeconds();
            switch (Parse(line))
            {
                case SutStarted started:
                    data.Started = started;
                    break;
                case SutRound round:
                    data.Rounds.Add(new RoundObservation(round, sutSample, farmSample, machineBusy));
                    var previousCpu = data.Rounds.Count > 1 ? data.Rounds[^2].Sut.CpuSeconds : 0;
                    var previousJit = data.Rounds.Count > 1 ? data.Rounds[^2].Report.JitSeconds : 0;
                    var phase = data.MeasuredCount > 0 ? $"measured {data.MeasuredCount}/{data.Profile.MeasuredRounds}" : "warm-up";
                    Progress(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{data.Profile.Name}: round {round.Round + 1} ({phase}): {round.WallSeconds:0.000} s wall, {round.NodesOk} ok, {round.NodesFailed} failed, {sutSample.CpuSeconds - previousCpu:0.00} CPU-s (JIT {(round.JitSeconds - previousJit) * 1000:0} ms), RSS {sutSample.RssBytes / 1048576.0:0} MiB"));
                    if (!finishRequested && data.MeasuredCount >= data.Profile.MeasuredRounds)
                    {
                        finishRequested = true;
                        await sut.RequestFinishAsync();
                    }

                    break;
                case SutStoreFootprint store:
                    data.Store = store;
                    break;
                default:
                    Progress("operator process printed an unexpected line: " + line);
                    break;
            }
        }
    }

    private static SutReport? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, SutReportJson.Default.SutReport);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task SampleEverySecondAsync(HarnessChild sut, ProfileRunData data, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (sut.TrySample(out var sample))
                {
                    data.AddSample(sample);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Sampling ends with the run.
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Progress(string message) => Console.Error.WriteLine("[harness] " + message);
}
