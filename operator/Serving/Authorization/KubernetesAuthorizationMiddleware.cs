using MetricsOperator.Serving.Authentication;
using MetricsOperator.Serving.Responses;
using Microsoft.AspNetCore.Http.Features;

namespace MetricsOperator.Serving.Authorization;

/// <summary>
/// Decides whether the authenticated caller may make the request, as the aggregated API server's delegating
/// authorizer does: members of an always-allowed group (<c>system:masters</c>) and always-allowed non-resource paths
/// (the health probes) pass; everything else is put to a SubjectAccessReview (answers cached). A refusal is a 403
/// Status with the API server's message. If the review cannot be made the request fails closed with a 500 Status.
/// </summary>
internal sealed class KubernetesAuthorizationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly CachingSubjectAccessReviewer _reviewer;
    private readonly AlwaysAllowedPaths _alwaysAllowedPaths;
    private readonly string[] _alwaysAllowedGroups;
    private readonly ILogger _logger;
    private readonly AuthorizationMetrics? _metrics;

    public KubernetesAuthorizationMiddleware(
        RequestDelegate next,
        CachingSubjectAccessReviewer reviewer,
        KubernetesAuthorizationOptions options,
        ILogger<KubernetesAuthorizationMiddleware> logger,
        AuthorizationMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        (_next, _reviewer, _logger, _metrics) = (next, reviewer, logger, metrics);
        _alwaysAllowedPaths = new AlwaysAllowedPaths(options.AlwaysAllowPaths);
        _alwaysAllowedGroups = [.. options.AlwaysAllowGroups];
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetKubernetesUser() is not { } user)
        {
            AuthorizationLog.NoUser(_logger, context.Request.Path.Value ?? "/");
            _metrics?.Decided("error", "authentication");
            return KubernetesStatus.InternalErrorVerbatim(InternalErrorMessage(context, "the request was not authenticated before authorization")).WriteAsync(context.Response);
        }

        var attributes = RequestAttributesResolver.Resolve(context.Request, user);
        context.Features.Set(attributes);
        if (IsInAlwaysAllowedGroup(user))
        {
            _metrics?.Decided("allowed", "group");
            return _next(context);
        }

        if (!attributes.IsResourceRequest && _alwaysAllowedPaths.Matches(attributes.Path))
        {
            _metrics?.Decided("allowed", "path");
            return _next(context);
        }

        return _reviewer.TryGetCached(attributes, out var decision)
            ? Enforce(context, attributes, decision, "cache")
            : ReviewAsync(context, attributes);
    }

    private async Task ReviewAsync(HttpContext context, RequestAttributes attributes)
    {
        AccessReviewDecision decision;
        try
        {
            decision = await _reviewer.ReviewAsync(attributes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception error) when (!context.RequestAborted.IsCancellationRequested)
        {
            AuthorizationLog.ReviewFailed(_logger, attributes.Verb, attributes.Path, attributes.User.Name, error);
            _metrics?.Decided("error", "review");
            await KubernetesStatus.InternalErrorVerbatim(
                InternalErrorMessage(context, $"authorization could not be checked, SubjectAccessReview failed: {error.Message}")).WriteAsync(context.Response).ConfigureAwait(false);
            return;
        }

        await Enforce(context, attributes, decision, "review").ConfigureAwait(false);
    }

    private Task Enforce(HttpContext context, RequestAttributes attributes, AccessReviewDecision decision, string source)
    {
        _metrics?.Decided(decision.Allowed ? "allowed" : "forbidden", source);
        if (decision.Allowed)
        {
            return _next(context);
        }

        var message = ForbiddenMessage.For(attributes, decision.Reason);
        AuthorizationLog.Forbidden(_logger, message);
        return KubernetesStatus.Forbidden(message, ForbiddenMessage.DetailsFor(attributes)).WriteAsync(context.Response);
    }

    private bool IsInAlwaysAllowedGroup(KubernetesUser user)
    {
        foreach (var group in _alwaysAllowedGroups)
        {
            if (user.IsInGroup(group))
            {
                return true;
            }
        }

        return false;
    }

    // As the API server's InternalError: the request URI as sent, quoted, then the cause.
    private static string InternalErrorMessage(HttpContext context, string cause)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : context.Request.Path.Value ?? "/";
        return $"Internal Server Error: {GoQuotedString.Quote(target)}: {cause}";
    }
}
