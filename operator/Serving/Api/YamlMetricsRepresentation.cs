using System.Buffers;

namespace MetricsOperator.Serving.Api;

/// <summary><c>application/yaml</c>: the same objects as the JSON representation, as block YAML.</summary>
internal sealed class YamlMetricsRepresentation : IMetricsRepresentation
{
    public const string MediaType = "application/yaml";

    [ThreadStatic]
    private static YamlEmitter? _cached;

    public string ContentType => MediaType;

    public void WriteNode(IBufferWriter<byte> output, in ServedNode node, in RepresentationContext context)
    {
        var yaml = Rent(output);
        MetricsObjectLayout.WriteNode(new YamlDocumentWriter(yaml), node, new LayoutContext(context), withTypeMeta: true);
        Return(yaml);
    }

    public void WriteNodeList(IBufferWriter<byte> output, IReadOnlyList<ServedNode> nodes, in RepresentationContext context)
    {
        var yaml = Rent(output);
        MetricsObjectLayout.WriteNodeList(new YamlDocumentWriter(yaml), nodes, new LayoutContext(context));
        Return(yaml);
    }

    public void WritePod(IBufferWriter<byte> output, in ServedPod pod, in RepresentationContext context)
    {
        var yaml = Rent(output);
        MetricsObjectLayout.WritePod(new YamlDocumentWriter(yaml), pod, new LayoutContext(context), withTypeMeta: true);
        Return(yaml);
    }

    public void WritePodList(IBufferWriter<byte> output, IReadOnlyList<ServedPod> pods, in RepresentationContext context)
    {
        var yaml = Rent(output);
        MetricsObjectLayout.WritePodList(new YamlDocumentWriter(yaml), pods, new LayoutContext(context));
        Return(yaml);
    }

    private static void Return(YamlEmitter yaml)
    {
        yaml.Detach();
        _cached = yaml;
    }

    /// <summary>This thread's emitter, reset onto <paramref name="output"/>; give it back with <see cref="Return"/>.</summary>
    private static YamlEmitter Rent(IBufferWriter<byte> output)
    {
        var yaml = _cached ?? new YamlEmitter();
        _cached = null;
        yaml.Reset(output);
        return yaml;
    }
}
