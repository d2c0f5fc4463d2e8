using System.Buffers;
using System.Text;

namespace MetricsOperator.Storage;

/// <summary>
/// Ordinal string equality that also accepts the UTF-8 bytes of a payload label as the lookup key, so names can be
/// found without building a string. Both forms hash the same UTF-16 text, so they land in the same bucket.
/// </summary>
internal sealed class Utf8NameComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<byte>, string>
{
    public static readonly Utf8NameComparer Instance = new();

    /// <summary>Kubernetes names are at most 253 characters; longer labels take the pooled path.</summary>
    private const int StackLimit = 256;

    private Utf8NameComparer()
    {
    }

    /// <summary>True when the UTF-8 text and the string are the same text (ordinal).</summary>
    public static bool TextEquals(ReadOnlySpan<byte> utf8, string text)
    {
        if (System.Text.Ascii.Equals(utf8, text))
        {
            return true;
        }

        if (System.Text.Ascii.IsValid(utf8))
        {
            // Pure ASCII bytes that differ are different text; only other UTF-8 needs transcoding to compare.
            return false;
        }

        char[]? rented = null;
        var chars = utf8.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        var length = Encoding.UTF8.GetChars(utf8, chars);
        var equal = chars[..length].SequenceEqual(text);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return equal;
    }

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj) => string.GetHashCode(obj.AsSpan());

    public bool Equals(ReadOnlySpan<byte> alternate, string other) => TextEquals(alternate, other);

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        char[]? rented = null;
        var chars = alternate.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(alternate.Length));
        var length = Encoding.UTF8.GetChars(alternate, chars);
        var hash = string.GetHashCode(chars[..length]);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return hash;
    }

    public string Create(ReadOnlySpan<byte> alternate) => Encoding.UTF8.GetString(alternate);
}
