namespace MetricsOperator.Hosting;

/// <summary>The API server connection could not be configured; the message names the source and the cause.</summary>
internal sealed class KubernetesConfigurationException : Exception
{
    public KubernetesConfigurationException(string message)
        : base(message)
    {
    }

    public KubernetesConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
