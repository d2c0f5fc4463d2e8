using System.Net;
using System.Net.Sockets;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// One loopback address per node: node i gets <c>a.b.(c + i / 250).(i % 250 + 1)</c> for a base <c>a.b.c.0</c>
/// (127.10.0.0 gives 127.10.0.1 … 127.10.19.250 for 5,000 nodes). Linux routes all of 127.0.0.0/8 to <c>lo</c>,
/// so no setup is needed, and distinct addresses let every node use the kubelet's real port.
/// </summary>
internal sealed class LoopbackAddressPlan
{
    public const int NodesPerBlock = 250;

    private readonly byte _first;
    private readonly byte _second;
    private readonly byte _third;

    public LoopbackAddressPlan(IPAddress baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (baseAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"base address {baseAddress} must be IPv4", nameof(baseAddress));
        }

        Span<byte> bytes = stackalloc byte[4];
        baseAddress.TryWriteBytes(bytes, out _);
        if (bytes[0] != 127)
        {
            throw new ArgumentException($"base address {baseAddress} must be in 127.0.0.0/8: the farm binds only to loopback", nameof(baseAddress));
        }

        _first = bytes[0];
        _second = bytes[1];
        _third = bytes[2];
        Capacity = (256 - _third) * NodesPerBlock;
    }

    /// <summary>How many nodes fit between the base and the end of its /16.</summary>
    public int Capacity { get; }

    public IPAddress AddressOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
        return new IPAddress(new[] { _first, _second, (byte)(_third + (index / NodesPerBlock)), (byte)((index % NodesPerBlock) + 1) });
    }

    /// <summary>The node index an address belongs to, or -1 when it is not part of this plan.</summary>
    public int IndexOf(IPAddress? address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address is null || address.AddressFamily != AddressFamily.InterNetwork || !address.TryWriteBytes(bytes, out _))
        {
            return -1;
        }

        if (bytes[0] != _first || bytes[1] != _second || bytes[2] < _third || bytes[3] is 0 or > NodesPerBlock)
        {
            return -1;
        }

        return ((bytes[2] - _third) * NodesPerBlock) + bytes[3] - 1;
    }
}
