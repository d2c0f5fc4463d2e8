namespace MetricsOperator.Serving.Protobuf;

/// <summary>
/// The wrapper of every <c>application/vnd.kubernetes.protobuf</c> body: the magic bytes <c>k8s\0</c>, then a
/// <c>runtime.Unknown</c> whose type meta names the object's apiVersion and kind and whose <c>raw</c> holds the
/// object's own message. contentEncoding and contentType stay unset (plain protobuf, no compression).
/// </summary>
internal static class KubernetesProtobufEnvelope
{
    public static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    public static ReadOnlySpan<byte> ApiVersion => "metrics.k8s.io/v1beta1"u8;

    /// <summary>Wraps everything written so far (the object's message) in the envelope.</summary>
    public static void Wrap(ref ReverseProtobufWriter writer, scoped ReadOnlySpan<byte> kind)
    {
        writer.PrependMessageHeader(MetricsProtoFields.Unknown.Raw, endMark: 0);
        var typeMetaEnd = writer.Length;
        writer.PrependBytesField(MetricsProtoFields.TypeMeta.Kind, kind);
        writer.PrependBytesField(MetricsProtoFields.TypeMeta.ApiVersion, ApiVersion);
        writer.PrependMessageHeader(MetricsProtoFields.Unknown.TypeMeta, typeMetaEnd);
        writer.PrependRaw(Magic);
    }
}
