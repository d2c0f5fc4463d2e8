using System.Runtime.InteropServices;

namespace MetricsOperator.Serving.Api;

/// <summary>What a layout needs per response, formatted once: <c>creationTimestamp</c> (the response time) and the swap switch.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct LayoutContext
{
    public LayoutContext(in RepresentationContext context)
    {
        CreationTimestamp = WireText.Timestamp(context.Now);
        IncludeSwap = context.IncludeSwap;
    }

    public WireText CreationTimestamp { get; }

    public bool IncludeSwap { get; }
}
