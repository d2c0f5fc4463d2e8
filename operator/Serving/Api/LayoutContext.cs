using System.Runtime.InteropServices;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// What a layout needs per response, formatted once: <c>creationTimestamp</c> (the response time), the swap switch
/// and (Table rows) what each row's <c>object</c> holds.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct LayoutContext
{
    public LayoutContext(in RepresentationContext context)
    {
        CreationTimestamp = WireText.Timestamp(context.Now);
        IncludeSwap = context.IncludeSwap;
        RowObject = context.RowObject;
    }

    public WireText CreationTimestamp { get; }

    public bool IncludeSwap { get; }

    public TableRowObject RowObject { get; }
}
