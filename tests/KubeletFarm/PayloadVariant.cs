namespace MetricsOperator.KubeletFarm;

/// <summary>The body-level faults the renderer can produce (transport faults are the farm's business).</summary>
internal enum PayloadVariant
{
    Normal,

    /// <summary>Every CPU and memory value (containers, pods, node) is 0.</summary>
    ZeroValues,

    /// <summary>Every CPU and memory value (containers, pods, node) is NaN.</summary>
    NotANumber,

    /// <summary>The first sample line loses its closing label brace (or gains an unclosed one when it has no labels).</summary>
    Malformed,
}
