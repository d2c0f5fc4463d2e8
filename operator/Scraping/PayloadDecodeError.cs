namespace MetricsOperator.Scraping;

/// <summary>Why a whole kubelet payload was rejected; <see cref="Line"/> is 1-based, 0 when no line applies.</summary>
internal readonly record struct PayloadDecodeError(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}
