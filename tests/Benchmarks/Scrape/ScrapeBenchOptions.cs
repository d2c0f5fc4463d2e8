using System.Net;
using MetricsOperator.Scraping;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>The <c>scrape</c> command line: which profiles to run and how.</summary>
internal sealed record ScrapeBenchOptions(
    IReadOnlyList<ScrapeProfile> Profiles,
    TimeSpan Resolution,
    int MaxConcurrency,
    TimeSpan MaxStagger,
    string? SpinLimit,
    IPAddress BaseAddress,
    int Port,
    IReadOnlyDictionary<string, string> SutEnvironment)
{
    private static readonly string[] Known =
        ["profile", "rounds", "warmup", "resolution", "nodes", "concurrency", "max-stagger", "spin-limit", "base-address", "port", "sut-env"];

    public static ScrapeBenchOptions Parse(IReadOnlyList<string> args)
    {
        var arguments = HarnessArguments.Parse(args, Known);
        IReadOnlyList<ScrapeProfile> profiles = (arguments.Text("profile") ?? "all").ToUpperInvariant() switch
        {
            "W1K" => [ScrapeProfile.W1k],
            "W5K" => [ScrapeProfile.W5k],
            "ALL" => [ScrapeProfile.W1k, ScrapeProfile.W5k],
            var other => throw new HarnessUsageException($"option --profile '{other}' must be w1k, w5k or all"),
        };

        if (arguments.Has("nodes"))
        {
            if (profiles.Count != 1)
            {
                throw new HarnessUsageException("option --nodes needs a single --profile (w1k or w5k) to take the rounds from");
            }

            var nodes = arguments.Integer("nodes", 0, 1, 60_000);
            var basis = profiles[0];
            profiles = [nodes == basis.Nodes ? basis : basis with { Name = $"{nodes:N0} nodes", Nodes = nodes, CpuSecondsPerRoundTarget = null, CpuSecondsPerRoundStretch = null, RssMiBTarget = null }];
        }

        profiles = [.. profiles.Select(p => p with
        {
            WarmupRounds = arguments.Integer("warmup", p.WarmupRounds, 1, 1_000),
            MeasuredRounds = arguments.Integer("rounds", p.MeasuredRounds, 1, 10_000),
        })];

        var resolution = arguments.Duration("resolution", TimeSpan.FromSeconds(15));
        if (resolution < TimeSpan.FromSeconds(10))
        {
            throw new HarnessUsageException($"option --resolution {HarnessDuration.Format(resolution)} is below the operator's minimum of 10s");
        }

        // Absent: the operator's runtimeconfig decides (0); "default" restores the runtime's built-in 70.
        var spinLimit = arguments.Text("spin-limit");
        if (spinLimit is not null && spinLimit != "default" && !int.TryParse(spinLimit, out _))
        {
            throw new HarnessUsageException($"option --spin-limit '{spinLimit}' must be a number or 'default' (the runtime's built-in 70)");
        }

        return new ScrapeBenchOptions(
            profiles,
            resolution,
            arguments.Integer("concurrency", 64, 1, 10_000),
            arguments.Duration("max-stagger", ScrapeRound.DefaultMaxStagger, allowZero: true),
            spinLimit == "default" ? "70" : spinLimit,
            arguments.LoopbackAddress("base-address", IPAddress.Parse("127.10.0.0")),
            arguments.Integer("port", 10_250, 1, IPEndPoint.MaxPort),
            ParseEnvironment(arguments.Text("sut-env")));
    }

    // NAME=VALUE[,NAME=VALUE…]: runtime knobs for the operator process only, so the farm runs unchanged.
    private static Dictionary<string, string> ParseEnvironment(string? text)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text is null)
        {
            return environment;
        }

        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !environment.TryAdd(pair[..equals], pair[(equals + 1)..]))
            {
                throw new HarnessUsageException($"option --sut-env '{text}' must be NAME=VALUE pairs separated by commas, each name once");
            }
        }

        return environment;
    }
}
