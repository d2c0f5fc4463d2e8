using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using MetricsOperator.Serving.Protobuf;

namespace MetricsOperator.Tests.Serving.Protobuf;

/// <summary>The back-to-front writer produces exactly the bytes of Google.Protobuf's own encoder.</summary>
public sealed class ReverseProtobufWriterTests
{
    private static readonly char[] Alphabet = ['a', 'z', '0', '-', '/', '.', 'é', 'µ', '日', '\u0000'];

    /// <summary>A field: an int64 (Text null), a string, or a message holding further fields.</summary>
    internal sealed record Field(int Number, long Integer, string? Text, Field[]? Children);

    [Test]
    public void Fields_and_nested_messages_match_google_protobuf_byte_for_byte()
    {
        var property = Prop.ForAll(Message(depth: 2).ToArbitrary(), fields =>
        {
            var expected = Reference(fields);
            var writer = new ReverseProtobufWriter(initialCapacity: 1);
            try
            {
                Prepend(ref writer, fields);
                return writer.Written.SequenceEqual(expected).Label(Convert.ToHexString(expected));
            }
            finally
            {
                writer.Dispose();
            }
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Test]
    public void Growing_keeps_the_bytes_already_written()
    {
        var writer = new ReverseProtobufWriter(initialCapacity: 1);
        try
        {
            var text = new string('x', 5000);
            writer.PrependStringField(1, text);
            writer.PrependInt64Field(2, -1);
            writer.PrependRaw("k8s\0"u8);

            using var expected = new MemoryStream();
            expected.Write("k8s\0"u8);
            var output = new CodedOutputStream(expected);
            output.WriteTag(2, WireFormat.WireType.Varint);
            output.WriteInt64(-1);
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString(text);
            output.Flush();
            Assert.That(writer.Written.ToArray(), Is.EqualTo(expected.ToArray()));
        }
        finally
        {
            writer.Dispose();
        }
    }

    [Test]
    public void A_disposed_writer_refuses_to_write()
    {
        var writer = new ReverseProtobufWriter(initialCapacity: 1);
        writer.Dispose();
        var threw = false;
        try
        {
            writer.PrependStringField(1, "x");
        }
        catch (ObjectDisposedException)
        {
            threw = true;
        }

        Assert.That(threw, Is.True);
    }

    private static Gen<Field[]> Message(int depth)
    {
        // Field numbers up to 2^29 - 1 give tags of one to five bytes; strings reach past 127 bytes (two-byte lengths).
        var number = Gen.Choose(1, (1 << 29) - 1);
        var integer = ArbMap.Default.GeneratorFor<long>().Select(value => value >> (int)((ulong)value % 64));
        var text = Gen.ArrayOf(Gen.Elements(Alphabet)).Select(chars => new string(chars));
        var longText = Gen.Choose(100, 400).Select(length => new string('q', length));
        var leaf = Gen.OneOf(
            Gen.Zip(number, integer).Select(pair => new Field(pair.Item1, pair.Item2, null, null)),
            Gen.Zip(number, Gen.OneOf(text, longText)).Select(pair => new Field(pair.Item1, 0, pair.Item2, null)));
        var field = depth == 0
            ? leaf
            : Gen.OneOf(leaf, Gen.Zip(number, Message(depth - 1)).Select(pair => new Field(pair.Item1, 0, null, pair.Item2)));
        return Gen.ArrayOf(field);
    }

    private static void Prepend(ref ReverseProtobufWriter writer, Field[] fields)
    {
        for (var i = fields.Length - 1; i >= 0; i--)
        {
            var field = fields[i];
            if (field.Children is not null)
            {
                var end = writer.Length;
                Prepend(ref writer, field.Children);
                writer.PrependMessageHeader(field.Number, end);
            }
            else if (field.Text is not null)
            {
                writer.PrependStringField(field.Number, field.Text);
            }
            else
            {
                writer.PrependInt64Field(field.Number, field.Integer);
            }
        }
    }

    private static byte[] Reference(Field[] fields)
    {
        using var bytes = new MemoryStream();
        var output = new CodedOutputStream(bytes);
        foreach (var field in fields)
        {
            if (field.Children is not null)
            {
                output.WriteTag(field.Number, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(Reference(field.Children)));
            }
            else if (field.Text is not null)
            {
                output.WriteTag(field.Number, WireFormat.WireType.LengthDelimited);
                output.WriteString(field.Text);
            }
            else
            {
                output.WriteTag(field.Number, WireFormat.WireType.Varint);
                output.WriteInt64(field.Integer);
            }
        }

        output.Flush();
        return bytes.ToArray();
    }
}
