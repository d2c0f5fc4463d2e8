using k8s.Models;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Kubernetes.Serialization;

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
        File.WriteAllText(NodesPath, KubernetesJsonSerializer.Serialize(new V1NodeList { ApiVersion = "v1", Kind = "NodeList", Items = [.. nodes] }));

    /// <summary>
    /// Deserializes from the file as a stream with the operator's serializer, as its informer reads a list response
    /// (KubernetesClient's own <c>KubernetesJson</c> would load its all-models context into the measured process, ~10
    /// MiB that the operator no longer has). Reading the whole
    /// file into one string first left a string and a pooled transcoding buffer of several times its size on the
    /// large object heap of the measured process, which the operator's list path does not do.
    /// </summary>
    public IReadOnlyList<V1Node> ReadNodes()
    {
        using var file = File.OpenRead(NodesPath);
        var list = KubernetesJsonSerializer.Deserialize<ResourceList<V1Node>>(file);
        return list?.Items is { Count: > 0 } items
            ? [.. items]
            : throw new InvalidDataException($"{NodesPath} lists no nodes");
    }

    public void WriteToken(string token) => File.WriteAllText(TokenPath, token);

    public string ReadCaBundle() => File.ReadAllText(CaBundlePath);
}
