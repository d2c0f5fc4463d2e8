using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// A keyed SHA-256 of a bearer token, used as its cache key so that tokens themselves are never kept in memory
/// longer than a request. The key is random per process: a digest seen in a memory dump cannot be tested offline.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct TokenDigest(ulong A, ulong B, ulong C, ulong D)
{
    private const int StackLimit = 1024;

    public static TokenDigest Of(string token, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(token);
        var length = Encoding.UTF8.GetByteCount(token);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var bytes = buffer[..Encoding.UTF8.GetBytes(token, buffer)];
        try
        {
            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, bytes, hash);
            return new TokenDigest(
                BinaryPrimitives.ReadUInt64LittleEndian(hash),
                BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
