using k8s;
using k8s.Models;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// What the farm process hands to the operator process through a directory: the CA bundle the kubelet serving
/// certificates chain to, the Node objects an apiserver would list, and the bearer token the kubelets accept.
/// </summary>
internal sealed class HarnessFiles
{
    public HarnessFiles(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
    }

    public string Directory { get; }

    public string CaBundlePath => Path.Combine(Directory, "ca.crt");

    public string NodesPath => Path.Combine(Directory, "nodes.json");

    public string TokenPath => Path.Combine(Directory, "token");

    public void WriteNodes(IEnumerable<V1Node> nodes) =>
        File.WriteAllText(NodesPath, KubernetesJson.Serialize(new V1NodeList { ApiVersion = "v1", Kind = "NodeList", Items = [.. nodes] }));

    public IReadOnlyList<V1Node> ReadNodes()
    {
        var list = KubernetesJson.Deserialize<V1NodeList>(File.ReadAllText(NodesPath));
        return list?.Items is { Count: > 0 } items
            ? [.. items]
            : throw new InvalidDataException($"{NodesPath} lists no nodes");
    }

    public void WriteToken(string token) => File.WriteAllText(TokenPath, token);

    public string ReadCaBundle() => File.ReadAllText(CaBundlePath);
}
