using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Reconciliation;

/// <summary>A Kubernetes API call of the reconciler failed; <see cref="Call"/> names it for the status and event.</summary>
internal sealed class ApiCallFailedException : Exception
{
    public ApiCallFailedException(string call, Exception innerException)
        : base($"{call} failed: {innerException?.Message}", innerException)
    {
        Call = call;
    }

    public ApiCallFailedException()
        : this("a Kubernetes API call", new KubernetesApiException())
    {
    }

    public ApiCallFailedException(string message)
        : base(message)
    {
        Call = "a Kubernetes API call";
    }

    public string Call { get; }

    /// <summary>The API's own words, without the call (which the status names separately).</summary>
    public string ApiMessage => InnerException?.Message ?? Message;

    /// <summary>Runs <paramref name="call"/>, turning API and transport failures into this exception.</summary>
    public static async Task<T> Guard<T>(string description, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception error) when (error is KubernetesApiException or HttpRequestException)
        {
            throw new ApiCallFailedException(description, error);
        }
    }

    public static Task Guard(string description, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Guard(description, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });
    }
}
