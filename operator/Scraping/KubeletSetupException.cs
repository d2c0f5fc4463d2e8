namespace MetricsOperator.Scraping;

/// <summary>Our side of the kubelet connection could not be set up: unreadable token file, broken client certificate or CA bundle.</summary>
internal sealed class KubeletSetupException : Exception
{
    public KubeletSetupException(string message)
        : base(message)
    {
    }

    public KubeletSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
