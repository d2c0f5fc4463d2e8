namespace MetricsOperator.Tests.Fixtures;

/// <summary>Locates <c>../shared/fixtures/metrics-server</c> beside the repository, wherever the clone is.</summary>
internal static class SharedFixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string MetricsServer => Root.Value;

    public static string Kubelet(string fileName) => Path.Combine(Root.Value, "kubelet", fileName);

    public static string Sequence(string name) => Path.Combine(Root.Value, "kubelet", "sequences", name);

    public static string Api(string fileName) => Path.Combine(Root.Value, "api", fileName);

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("METRICS_OPERATOR_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Path.Combine(fromEnvironment, "fixtures", "metrics-server");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "fixtures", "metrics-server");
                if (Directory.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }

                throw new DirectoryNotFoundException($"shared fixtures not found beside the repository: {candidate}");
            }
        }

        throw new DirectoryNotFoundException("Operator.sln not found above " + AppContext.BaseDirectory);
    }
}
