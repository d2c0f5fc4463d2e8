using MetricsOperator.Kubernetes.Pods;

namespace MetricsOperator.Serving.Api;

/// <summary><see cref="IDocumentWriter"/> over a <see cref="YamlEmitter"/>.</summary>
internal readonly struct YamlDocumentWriter(YamlEmitter yaml) : IDocumentWriter
{
    public void StartMapping() => yaml.StartRootOrElementMapping();

    public void StartMapping(FieldName name) => yaml.StartMapping(name.Utf8);

    public void EndMapping() => yaml.End();

    public void StartSequence(FieldName name) => yaml.StartSequence(name.Utf8);

    public void EndSequence() => yaml.End();

    public void String(FieldName name, string value) => yaml.ScalarEntry(name.Utf8, value);

    public void String(FieldName name, ReadOnlySpan<byte> utf8Value) => yaml.ScalarEntry(name.Utf8, utf8Value);

    public void Labels(FieldName name, LabelSet labels)
    {
        yaml.StartMapping(name.Utf8);
        foreach (var (key, value) in labels.Pairs)
        {
            yaml.ScalarEntry(key, value);
        }

        yaml.End();
    }

    public void Number(FieldName name, int value)
    {
        Span<byte> digits = stackalloc byte[11];
        value.TryFormat(digits, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
        yaml.RawEntry(name.Utf8, digits[..written]);
    }

    public void Null(FieldName name) => yaml.RawEntry(name.Utf8, "null"u8);

    public void StringElement(string value) => yaml.ScalarElement(value);

    public void StringElement(ReadOnlySpan<byte> utf8Value) => yaml.ScalarElement(utf8Value);
}
