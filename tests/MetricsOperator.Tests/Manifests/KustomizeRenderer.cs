using k8s;
using MetricsOperator.Tests.Fixtures;

namespace MetricsOperator.Tests.Manifests;

/// <summary>
/// Renders <c>manifests/</c> (alone, or in a throwaway overlay with components and patches) with a real kubectl's
/// kustomize, and loads the result strictly into the client's typed models.
/// </summary>
internal static class KustomizeRenderer
{
    public const string LatestKubectl = "1.33";

    /// <summary>The ServiceMonitor has no typed model; it is kept as the YAML loader's dictionaries.</summary>
    public const string ServiceMonitorKey = "monitoring.coreos.com/v1/ServiceMonitor";

    // kustomize never contacts a server; the runner only wants one, so it gets a loopback address nobody serves.
    private const string UnusedServer = "https://127.0.0.1:9";

    public static string ManifestsDirectory => RepositoryFiles.PathOf("manifests");

    public static string ComponentDirectory(string name) => RepositoryFiles.PathOf("manifests", "components", name);

    public static async Task<string> RenderAsync(string directory, string kubectlVersion = LatestKubectl)
    {
        var (exitCode, output, error) = await KubectlRunner.RunAsync(kubectlVersion, UnusedServer, "kustomize", directory);
        return exitCode == 0 ? output : throw new InvalidOperationException($"kubectl.{kubectlVersion} kustomize {directory} failed ({exitCode}): {error}");
    }

    /// <summary>Renders an overlay of <c>manifests/</c> with the given components and extra kustomization text.</summary>
    public static async Task<string> RenderOverlayAsync(IEnumerable<string> components, string extra = "", string kubectlVersion = LatestKubectl)
    {
        var overlay = Directory.CreateTempSubdirectory("manifests-overlay-");
        try
        {
            // kustomize wants paths relative to the overlay.
            string Relative(string path) => Path.GetRelativePath(overlay.FullName, path);
            var text = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                + $"resources:\n  - {Relative(ManifestsDirectory)}\n"
                + "components:\n" + string.Concat(components.Select(c => $"  - {Relative(ComponentDirectory(c))}\n"))
                + extra;
            await File.WriteAllTextAsync(Path.Combine(overlay.FullName, "kustomization.yaml"), text);
            return await RenderAsync(overlay.FullName, kubectlVersion);
        }
        finally
        {
            overlay.Delete(recursive: true);
        }
    }

    /// <summary>Every object as its typed model; unknown fields and duplicate keys throw.</summary>
    public static List<object> LoadStrictly(string rendered) =>
        KubernetesYaml.LoadAllFromString(rendered, new Dictionary<string, Type> { [ServiceMonitorKey] = typeof(Dictionary<object, object>) }, strict: true);
}
