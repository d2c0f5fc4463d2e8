namespace MetricsOperator.Tests.Fixtures;

/// <summary>Locates files of the repository (the directory holding <c>Operator.sln</c>) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RootDirectory => Root.Value;

    public static string PathOf(params string[] relative) => Path.Combine([Root.Value, .. relative]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Operator.sln not found above " + AppContext.BaseDirectory);
    }
}
