using System.Text;
using System.Text.Json;

namespace MetricsOperator.Serving.Api;

/// <summary>A fixed property name, pre-encoded for every writer (JSON-escaped and plain UTF-8).</summary>
internal sealed class FieldName
{
    private FieldName(string name)
    {
        Json = JsonEncodedText.Encode(name);
        Utf8 = Encoding.UTF8.GetBytes(name);
        Text = name;
    }

    public JsonEncodedText Json { get; }

    public byte[] Utf8 { get; }

    public string Text { get; }

    public static FieldName Of(string name) => new(name);

    public override string ToString() => Text;
}

/// <summary>The property names of the metrics.k8s.io, meta.k8s.io and core Status objects we write.</summary>
internal static class FieldNames
{
    public static readonly FieldName Kind = FieldName.Of("kind");
    public static readonly FieldName ApiVersion = FieldName.Of("apiVersion");
    public static readonly FieldName Metadata = FieldName.Of("metadata");
    public static readonly FieldName Name = FieldName.Of("name");
    public static readonly FieldName Namespace = FieldName.Of("namespace");
    public static readonly FieldName CreationTimestamp = FieldName.Of("creationTimestamp");
    public static readonly FieldName Labels = FieldName.Of("labels");
    public static readonly FieldName Timestamp = FieldName.Of("timestamp");
    public static readonly FieldName Window = FieldName.Of("window");
    public static readonly FieldName Usage = FieldName.Of("usage");
    public static readonly FieldName Containers = FieldName.Of("containers");
    public static readonly FieldName Items = FieldName.Of("items");
    public static readonly FieldName Cpu = FieldName.Of("cpu");
    public static readonly FieldName Memory = FieldName.Of("memory");
    public static readonly FieldName Swap = FieldName.Of("swap");
    public static readonly FieldName ColumnDefinitions = FieldName.Of("columnDefinitions");
    public static readonly FieldName Rows = FieldName.Of("rows");
    public static readonly FieldName Cells = FieldName.Of("cells");
    public static readonly FieldName Object = FieldName.Of("object");
    public static readonly FieldName Type = FieldName.Of("type");
    public static readonly FieldName Format = FieldName.Of("format");
    public static readonly FieldName Description = FieldName.Of("description");
    public static readonly FieldName Priority = FieldName.Of("priority");
    public static readonly FieldName Status = FieldName.Of("status");
    public static readonly FieldName Message = FieldName.Of("message");
    public static readonly FieldName Reason = FieldName.Of("reason");
    public static readonly FieldName Details = FieldName.Of("details");
    public static readonly FieldName Group = FieldName.Of("group");
    public static readonly FieldName Code = FieldName.Of("code");
}
