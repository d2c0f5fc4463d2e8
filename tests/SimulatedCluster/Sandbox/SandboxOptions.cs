using System.Globalization;

namespace MetricsOperator.SimulatedCluster.Sandbox;

/// <summary>The sandbox's command line: <c>--kubeconfig PATH --nodes N --pods-per-node M --seed FILE --no-sample --operators K</c>.</summary>
internal sealed record SandboxOptions
{
    public string Kubeconfig { get; init; } = Path.Combine(".sandbox", "kubeconfig");

    public int Nodes { get; init; } = 3;

    public int PodsPerNode { get; init; } = 10;

    public string? Seed { get; init; }

    public bool NoSample { get; init; }

    public int Operators { get; init; } = 1;

    /// <summary>The repository root (manifests/, operator/): found upwards from the working directory.</summary>
    public string Repository { get; init; } = FindRepository();

    public static SandboxOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SandboxOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number(string name)
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? n : throw new ArgumentException($"{name}: \"{text}\" is not a whole number");
            }

            options = args[i] switch
            {
                "--kubeconfig" => options with { Kubeconfig = Value() },
                "--nodes" => options with { Nodes = Number("--nodes") },
                "--pods-per-node" => options with { PodsPerNode = Number("--pods-per-node") },
                "--seed" => options with { Seed = Value() },
                "--no-sample" => options with { NoSample = true },
                "--operators" => options with { Operators = Number("--operators") },
                var unknown => throw new ArgumentException($"unknown option {unknown}; options: --kubeconfig PATH, --nodes N, --pods-per-node M, --seed FILE, --no-sample, --operators K"),
            };
        }

        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (Nodes is < 0 or > 1000)
        {
            throw new ArgumentException($"--nodes {Nodes} is outside 0-1000");
        }

        if (PodsPerNode is < 0 or > 500)
        {
            throw new ArgumentException($"--pods-per-node {PodsPerNode} is outside 0-500");
        }

        if (Operators is < 0 or > 5)
        {
            throw new ArgumentException($"--operators {Operators} is outside 0-5");
        }

        if (Seed is not null && !File.Exists(Seed))
        {
            throw new ArgumentException($"--seed {Seed}: no such file");
        }

        if (string.IsNullOrWhiteSpace(Kubeconfig))
        {
            throw new ArgumentException("--kubeconfig must not be empty");
        }
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
