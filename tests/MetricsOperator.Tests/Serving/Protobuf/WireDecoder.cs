using Google.Protobuf;

namespace MetricsOperator.Tests.Serving.Protobuf;

internal sealed record DecodedEnvelope(string ApiVersion, string Kind, byte[] Raw, bool HasContentEncoding, bool HasContentType);

internal sealed record DecodedMeta(string Name, string? Namespace, long? CreationSeconds, IReadOnlyList<KeyValuePair<string, string>> Labels);

internal sealed record DecodedNode(DecodedMeta Metadata, long TimestampSeconds, long WindowNanoseconds, IReadOnlyList<KeyValuePair<string, string>> Usage);

internal sealed record DecodedContainer(string Name, IReadOnlyList<KeyValuePair<string, string>> Usage);

internal sealed record DecodedPod(DecodedMeta Metadata, long TimestampSeconds, long WindowNanoseconds, IReadOnlyList<DecodedContainer> Containers);

/// <summary>
/// Reads our protobuf bodies back with Google.Protobuf's <see cref="CodedInputStream"/>, by the upstream field
/// numbers, checking every wire type. Unknown fields fail the decode, so a stray field cannot go unnoticed.
/// </summary>
internal static class WireDecoder
{
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static DecodedEnvelope Envelope(byte[] body)
    {
        Assert.That(body.AsSpan(0, Magic.Length).SequenceEqual(Magic), "the body starts with the k8s\\0 magic");
        string? apiVersion = null, kind = null;
        byte[]? raw = null;
        bool contentEncoding = false, contentType = false;
        ForEachField(ByteString.CopyFrom(body, Magic.Length, body.Length - Magic.Length), (field, input) =>
        {
            switch (field)
            {
                case 1:
                    ForEachField(input.ReadBytes(), (typeField, typeMeta) =>
                    {
                        switch (typeField)
                        {
                            case 1: apiVersion = typeMeta.ReadString(); break;
                            case 2: kind = typeMeta.ReadString(); break;
                            default: throw Unexpected("TypeMeta", typeField);
                        }
                    });
                    break;
                case 2: raw = input.ReadBytes().ToByteArray(); break;
                case 3: contentEncoding = true; input.SkipLastField(); break;
                case 4: contentType = true; input.SkipLastField(); break;
                default: throw Unexpected("Unknown", field);
            }
        });
        return new DecodedEnvelope(apiVersion!, kind!, raw!, contentEncoding, contentType);
    }

    public static List<DecodedNode> NodeList(byte[] raw) => List(raw, Node);

    public static List<DecodedPod> PodList(byte[] raw) => List(raw, Pod);

    public static DecodedNode Node(ByteString message)
    {
        DecodedMeta? meta = null;
        long timestamp = 0, window = 0;
        var usage = new List<KeyValuePair<string, string>>();
        ForEachField(message, (field, input) =>
        {
            switch (field)
            {
                case 1: meta = Meta(input.ReadBytes()); break;
                case 2: timestamp = Seconds(input.ReadBytes()); break;
                case 3: window = Duration(input.ReadBytes()); break;
                case 4: usage.Add(QuantityEntry(input.ReadBytes())); break;
                default: throw Unexpected("NodeMetrics", field);
            }
        });
        return new DecodedNode(meta!, timestamp, window, usage);
    }

    public static DecodedPod Pod(ByteString message)
    {
        DecodedMeta? meta = null;
        long timestamp = 0, window = 0;
        var containers = new List<DecodedContainer>();
        ForEachField(message, (field, input) =>
        {
            switch (field)
            {
                case 1: meta = Meta(input.ReadBytes()); break;
                case 2: timestamp = Seconds(input.ReadBytes()); break;
                case 3: window = Duration(input.ReadBytes()); break;
                case 4: containers.Add(Container(input.ReadBytes())); break;
                default: throw Unexpected("PodMetrics", field);
            }
        });
        return new DecodedPod(meta!, timestamp, window, containers);
    }

    private static List<T> List<T>(byte[] raw, Func<ByteString, T> item)
    {
        var items = new List<T>();
        var listMeta = 0;
        ForEachField(ByteString.CopyFrom(raw), (field, input) =>
        {
            switch (field)
            {
                case 1:
                    Assert.That(input.ReadBytes().Length, Is.Zero, "the ListMeta is empty");
                    listMeta++;
                    break;
                case 2: items.Add(item(input.ReadBytes())); break;
                default: throw Unexpected("list", field);
            }
        });
        Assert.That(listMeta, Is.EqualTo(1), "a list carries one ListMeta");
        return items;
    }

    private static DecodedContainer Container(ByteString message)
    {
        string? name = null;
        var usage = new List<KeyValuePair<string, string>>();
        ForEachField(message, (field, input) =>
        {
            switch (field)
            {
                case 1: name = input.ReadString(); break;
                case 2: usage.Add(QuantityEntry(input.ReadBytes())); break;
                default: throw Unexpected("ContainerMetrics", field);
            }
        });
        return new DecodedContainer(name!, usage);
    }

    private static DecodedMeta Meta(ByteString message)
    {
        string? name = null, podNamespace = null;
        long? created = null;
        var labels = new List<KeyValuePair<string, string>>();
        ForEachField(message, (field, input) =>
        {
            switch (field)
            {
                case 1: name = input.ReadString(); break;
                case 3: podNamespace = input.ReadString(); break;
                case 8: created = Seconds(input.ReadBytes()); break;
                case 11: labels.Add(Entry(input.ReadBytes(), value => value.ReadString())); break;
                default: throw Unexpected("ObjectMeta", field);
            }
        });
        return new DecodedMeta(name!, podNamespace, created, labels);
    }

    private static KeyValuePair<string, string> QuantityEntry(ByteString message) => Entry(message, value =>
    {
        string? quantity = null;
        ForEachField(value.ReadBytes(), (field, input) => quantity = field == 1 ? input.ReadString() : throw Unexpected("Quantity", field));
        return quantity!;
    });

    private static KeyValuePair<string, string> Entry(ByteString message, Func<CodedInputStream, string> readValue)
    {
        string? key = null, value = null;
        ForEachField(message, (field, input) =>
        {
            switch (field)
            {
                case 1: key = input.ReadString(); break;
                case 2: value = readValue(input); break;
                default: throw Unexpected("map entry", field);
            }
        });
        return new(key!, value!);
    }

    private static long Seconds(ByteString message)
    {
        long seconds = 0;
        ForEachField(message, (field, input) => seconds = field == 1 ? input.ReadInt64() : throw Unexpected("Time", field), varintField: 1);
        return seconds;
    }

    private static long Duration(ByteString message)
    {
        long nanoseconds = 0;
        ForEachField(message, (field, input) => nanoseconds = field == 1 ? input.ReadInt64() : throw Unexpected("Duration", field), varintField: 1);
        return nanoseconds;
    }

    /// <summary>
    /// Calls <paramref name="read"/> for every field, after checking its wire type against the schema's: every field
    /// we write is length-delimited except the int64 <paramref name="varintField"/> of Time and Duration.
    /// </summary>
    private static void ForEachField(ByteString message, Action<int, CodedInputStream> read, int varintField = 0)
    {
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            var expected = field == varintField ? WireFormat.WireType.Varint : WireFormat.WireType.LengthDelimited;
            Assert.That(WireFormat.GetTagWireType(tag), Is.EqualTo(expected), $"wire type of field {field}");
            read(field, input);
        }

        Assert.That(input.IsAtEnd, "the message is read to its end");
    }

    private static AssertionException Unexpected(string message, int field) => new($"{message} has no field {field} in our encoding");
}
