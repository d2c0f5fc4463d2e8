namespace MetricsOperator.Serving.Authorization;

internal static class HttpContextAuthorizationExtensions
{
    /// <summary>The request's attributes as authorization resolved them (verb, resource, namespace, …); null before it ran.</summary>
    public static RequestAttributes? GetRequestAttributes(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<RequestAttributes>();
    }
}
