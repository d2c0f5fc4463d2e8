using MetricsOperator.Kubernetes.Pods;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// A tree of mappings, sequences and scalars, written in order. The object layouts (NodeMetrics, PodMetrics, lists,
/// Table) are written once against this interface; JSON and YAML implement it as structs, so the layouts are
/// compiled per format without virtual calls. An empty mapping or sequence is written as <c>{}</c> or <c>[]</c>.
/// </summary>
internal interface IDocumentWriter
{
    /// <summary>Starts the document's root mapping or a mapping that is an element of a sequence.</summary>
    void StartMapping();

    void StartMapping(FieldName name);

    void EndMapping();

    void StartSequence(FieldName name);

    void EndSequence();

    void String(FieldName name, string value);

    void String(FieldName name, ReadOnlySpan<byte> utf8Value);

    /// <summary>A mapping of labels (non-empty), keys in the set's order.</summary>
    void Labels(FieldName name, LabelSet labels);

    void Number(FieldName name, int value);

    void Null(FieldName name);

    /// <summary>A string element of a sequence.</summary>
    void StringElement(string value);

    /// <summary>A string element of a sequence, as UTF-8.</summary>
    void StringElement(ReadOnlySpan<byte> utf8Value);
}
