using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;
using MetricsOperator.Scraping;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// The process under test: builds <see cref="SutPipeline"/> from the farm's files and runs scrape rounds, the first
/// at once and then one per <c>--resolution</c> on a <see cref="PeriodicTimer"/> (the schedule of
/// <see cref="ScrapeLoop.RunAsync"/>), printing a <see cref="SutRound"/> line after each, until the harness asks it
/// to finish or <c>--rounds</c> rounds ran; then a <see cref="SutStoreFootprint"/> line. Logs go to stderr; stdout
/// carries only the JSON lines.
/// </summary>
internal static class SutProcess
{
    public const string Mode = "sut-process";

    private static readonly string[] Options = ["dir", "rounds", "resolution", "concurrency", "max-stagger"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var arguments = HarnessArguments.Parse(args, Options);
        var files = new HarnessFiles(arguments.RequiredText("dir"));
        var rounds = arguments.Integer("rounds", 7, 1, 100_000);
        var resolution = arguments.Duration("resolution", TimeSpan.FromSeconds(15));
        var concurrency = arguments.Integer("concurrency", new ScrapeSettings().MaxConcurrency, 1, 100_000);
        var maxStagger = arguments.Duration("max-stagger", ScrapeRound.DefaultMaxStagger, allowZero: true);

        using var lifetime = new ChildLifetime();
        using var logs = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddFilter("Microsoft", LogLevel.Warning)
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        using var tally = new ScraperMeterTally();
        using var pipeline = new SutPipeline(files, resolution, concurrency, maxStagger, logs);
        Write(Started(pipeline));
        try
        {
            using var timer = new PeriodicTimer(resolution);
            for (var round = 0; round < rounds; round++)
            {
                if (round > 0)
                {
                    await Task.WhenAny(timer.WaitForNextTickAsync(lifetime.Stopping).AsTask(), lifetime.FinishRequested);
                    lifetime.Stopping.ThrowIfCancellationRequested();
                    if (lifetime.FinishRequested.IsCompleted)
                    {
                        break;
                    }
                }

                var start = DateTimeOffset.UtcNow;
                var cpuAtStart = Environment.CpuUsage.TotalTime.TotalSeconds;
                var result = await pipeline.Loop.RunRoundAsync(lifetime.Stopping);
                Write(Snapshot(round, start, cpuAtStart, result, tally));
            }
        }
        catch (OperationCanceledException) when (lifetime.Stopping.IsCancellationRequested)
        {
            return 130;
        }

        Write(StoreFootprint.Measure(pipeline.Store));
        return 0;
    }

    private static SutStarted Started(SutPipeline pipeline)
    {
        var settings = pipeline.Settings.Current;
        return new SutStarted(
            RuntimeInformation.FrameworkDescription,
            GCSettings.IsServerGC,
            AppContext.TryGetSwitch("System.GC.Concurrent", out var concurrent) ? concurrent : true,
            GCSettings.LatencyMode.ToString(),
            Environment.GetEnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit")
                ?? AppContext.GetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit")?.ToString(),
            Environment.GetEnvironmentVariable("DOTNET_TieredPGO"),
            Environment.ProcessorCount,
            pipeline.Nodes.Count,
            settings.MaxConcurrency,
            settings.Resolution.TotalSeconds,
            pipeline.MaxStagger.TotalSeconds,
            GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out var budget) ? Convert.ToInt64(budget, CultureInfo.InvariantCulture) : null);
    }

    private static SutRound Snapshot(int round, DateTimeOffset start, double cpuAtStart, ScrapeRoundResult result, ScraperMeterTally tally) => new(
        round,
        start.ToUnixTimeMilliseconds(),
        DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        result.Duration.TotalSeconds,
        result.Scraped,
        result.Failed,
        GC.GetTotalAllocatedBytes(precise: true),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalMemory(forceFullCollection: false),
        cpuAtStart,
        Environment.CpuUsage.TotalTime.TotalSeconds,
        tally.RequestsOk,
        tally.RequestsFailed,
        LastGcHeap(),
        JitInfo.GetCompilationTime().TotalSeconds,
        JitInfo.GetCompiledMethodCount());

    private static SutGcHeap LastGcHeap()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var generations = info.GenerationInfo;
        var sizes = new long[generations.Length];
        var free = new long[generations.Length];
        for (var i = 0; i < generations.Length; i++)
        {
            sizes[i] = generations[i].SizeAfterBytes;
            free[i] = generations[i].FragmentationAfterBytes;
        }

        return new SutGcHeap(info.Index, info.TotalCommittedBytes, info.HeapSizeBytes, info.FragmentedBytes, info.PromotedBytes, sizes, free);
    }

    private static void Write(SutReport report)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(report, SutReportJson.Default.SutReport));
        Console.Out.Flush();
    }
}
