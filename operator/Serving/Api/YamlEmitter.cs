using System.Buffers;
using System.Runtime.InteropServices;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// Writes block-style YAML straight into a buffer writer, in the layout <c>kubectl -o yaml</c> prints: two-space
/// indentation, sequence items at their key's indentation, <c>{}</c> and <c>[]</c> for empty collections.
/// A key's line is left open until its first child arrives, so an empty collection can still go on that line.
/// </summary>
internal sealed class YamlEmitter
{
    private const int IndentStep = 2;

    private readonly List<Frame> _frames = [];
    private IBufferWriter<byte>? _output;

    public void Reset(IBufferWriter<byte> output)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _frames.Clear();
    }

    /// <summary>Forgets the output, so that an idle cached emitter does not keep the last response's pipe reachable.</summary>
    public void Detach()
    {
        _output = null;
        _frames.Clear();
    }

    public void StartRootOrElementMapping()
    {
        if (_frames.Count == 0)
        {
            _frames.Add(new Frame(Kind.Mapping, Indent: 0, KeyLineOpen: false, AfterDash: false));
            return;
        }

        var sequenceIndent = BeginEntry(Kind.Sequence);
        WriteAscii("- "u8);
        _frames.Add(new Frame(Kind.Mapping, sequenceIndent + IndentStep, KeyLineOpen: false, AfterDash: true));
    }

    public void StartMapping(ReadOnlySpan<byte> key)
    {
        var indent = WriteKey(key);
        _frames.Add(new Frame(Kind.Mapping, indent + IndentStep, KeyLineOpen: true, AfterDash: false));
    }

    public void StartSequence(ReadOnlySpan<byte> key)
    {
        var indent = WriteKey(key);
        _frames.Add(new Frame(Kind.Sequence, indent, KeyLineOpen: true, AfterDash: false));
    }

    public void End()
    {
        var frame = _frames[^1];
        _frames.RemoveAt(_frames.Count - 1);
        if (frame.Count > 0)
        {
            return;
        }

        if (frame.KeyLineOpen)
        {
            WriteAscii(" "u8);
        }

        WriteAscii(frame.Kind == Kind.Mapping ? "{}\n"u8 : "[]\n"u8);
    }

    public void ScalarEntry(ReadOnlySpan<byte> key, ReadOnlySpan<char> value)
    {
        WriteKey(key);
        WriteAscii(" "u8);
        YamlScalar.Write(_output!, value);
        WriteAscii("\n"u8);
    }

    public void ScalarEntry(ReadOnlySpan<byte> key, ReadOnlySpan<byte> utf8Value)
    {
        WriteKey(key);
        WriteAscii(" "u8);
        YamlScalar.Write(_output!, utf8Value);
        WriteAscii("\n"u8);
    }

    public void ScalarEntry(string key, string value)
    {
        BeginEntry(Kind.Mapping);
        YamlScalar.Write(_output!, key);
        WriteAscii(": "u8);
        YamlScalar.Write(_output!, value);
        WriteAscii("\n"u8);
    }

    /// <summary>A value that must not be quoted: <c>null</c> or a number.</summary>
    public void RawEntry(ReadOnlySpan<byte> key, ReadOnlySpan<byte> raw)
    {
        WriteKey(key);
        WriteAscii(" "u8);
        WriteAscii(raw);
        WriteAscii("\n"u8);
    }

    public void ScalarElement(ReadOnlySpan<char> value)
    {
        BeginEntry(Kind.Sequence);
        WriteAscii("- "u8);
        YamlScalar.Write(_output!, value);
        WriteAscii("\n"u8);
    }

    public void ScalarElement(ReadOnlySpan<byte> utf8Value)
    {
        BeginEntry(Kind.Sequence);
        WriteAscii("- "u8);
        YamlScalar.Write(_output!, utf8Value);
        WriteAscii("\n"u8);
    }

    /// <summary>Writes <c>key:</c> at the start of a new entry; returns the key's indentation.</summary>
    private int WriteKey(ReadOnlySpan<byte> key)
    {
        var indent = BeginEntry(Kind.Mapping);
        WriteAscii(key);
        WriteAscii(":"u8);
        return indent;
    }

    /// <summary>Positions the output for the next entry of the innermost collection; returns that collection's indentation.</summary>
    private int BeginEntry(Kind expected)
    {
        if (_frames.Count == 0 || _frames[^1].Kind != expected)
        {
            throw new InvalidOperationException($"a YAML {expected.ToString().ToLowerInvariant()} entry written outside a {expected.ToString().ToLowerInvariant()}");
        }

        ref var frame = ref CollectionsMarshal.AsSpan(_frames)[^1];
        var first = frame.Count == 0;
        frame.Count++;
        if (first && frame.AfterDash)
        {
            return frame.Indent; // the first key goes on the "- " line
        }

        if (first && frame.KeyLineOpen)
        {
            WriteAscii("\n"u8);
        }

        var span = _output!.GetSpan(frame.Indent);
        span[..frame.Indent].Fill((byte)' ');
        _output.Advance(frame.Indent);
        return frame.Indent;
    }

    private void WriteAscii(ReadOnlySpan<byte> bytes)
    {
        var span = _output!.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        _output.Advance(bytes.Length);
    }

    private enum Kind
    {
        Mapping,
        Sequence,
    }

    [StructLayout(LayoutKind.Auto)]
    private record struct Frame(Kind Kind, int Indent, bool KeyLineOpen, bool AfterDash)
    {
        public int Count { get; set; }
    }
}
