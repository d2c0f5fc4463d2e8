namespace MetricsOperator.KubeletFarm;

/// <summary>How a simulated kubelet misbehaves on its metrics endpoint.</summary>
internal enum KubeletFaultKind
{
    /// <summary>Answer normally.</summary>
    None,

    /// <summary>Never answer; the request ends only when the client gives up (or the farm stops).</summary>
    Hang,

    /// <summary>HTTP 500 with a kubelet-style error body.</summary>
    ServerError,

    /// <summary>Abort the connection without a response.</summary>
    ConnectionReset,

    /// <summary>HTTP 200 whose first sample line has an unbalanced label brace.</summary>
    MalformedBody,

    /// <summary>HTTP 200 with every CPU and memory value (containers, pods, node) rendered as 0.</summary>
    ZeroValues,

    /// <summary>HTTP 200 with every CPU and memory value (containers, pods, node) rendered as NaN.</summary>
    NotANumber,

    /// <summary>HTTP 200 with a valid payload padded with comment lines to <see cref="KubeletFault.OversizedBytes"/>.</summary>
    Oversized,
}

/// <summary>
/// A fault plan for one node, applied to every request until replaced. Immutable, so swapping it on a live node is
/// atomic. <see cref="Delay"/> is waited (on the farm's clock) before the kind takes effect, so "slow" combines with any kind.
/// </summary>
internal sealed record KubeletFault(KubeletFaultKind Kind, TimeSpan Delay = default)
{
    public const int DefaultOversizedBytes = 11 << 20;

    public static readonly KubeletFault None = new(KubeletFaultKind.None);

    public static readonly KubeletFault Hang = new(KubeletFaultKind.Hang);

    public static readonly KubeletFault ServerError = new(KubeletFaultKind.ServerError);

    public static readonly KubeletFault ConnectionReset = new(KubeletFaultKind.ConnectionReset);

    public static readonly KubeletFault MalformedBody = new(KubeletFaultKind.MalformedBody);

    public static readonly KubeletFault ZeroValues = new(KubeletFaultKind.ZeroValues);

    public static readonly KubeletFault NotANumber = new(KubeletFaultKind.NotANumber);

    /// <summary>Total body size for <see cref="KubeletFaultKind.Oversized"/>.</summary>
    public int OversizedBytes { get; init; } = DefaultOversizedBytes;

    /// <summary>A normal answer sent after <paramref name="delay"/>.</summary>
    public static KubeletFault Delayed(TimeSpan delay) => new(KubeletFaultKind.None, delay);

    public static KubeletFault Oversized(int bytes = DefaultOversizedBytes) => new(KubeletFaultKind.Oversized) { OversizedBytes = bytes };

    /// <summary>Throws when the plan cannot be carried out.</summary>
    public void ThrowIfInvalid()
    {
        if (Delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Delay), Delay, "a fault delay must not be negative");
        }

        if (Kind == KubeletFaultKind.Oversized && OversizedBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(OversizedBytes), OversizedBytes, "an oversized body needs a positive size");
        }

        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown fault kind");
        }
    }
}
