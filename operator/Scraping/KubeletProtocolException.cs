namespace MetricsOperator.Scraping;

/// <summary>
/// The kubelet's response breaks HTTP/1.1 framing; the message names the problem. An <see cref="IOException"/>, so a
/// body that fails this way is reported like any other unreadable body.
/// </summary>
internal sealed class KubeletProtocolException : IOException
{
    public KubeletProtocolException(string message)
        : base(message)
    {
    }

    public KubeletProtocolException()
    {
    }

    public KubeletProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
