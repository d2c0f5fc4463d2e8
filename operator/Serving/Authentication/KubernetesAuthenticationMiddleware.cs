using MetricsOperator.Serving.Responses;
namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// Establishes who is calling, as the aggregated API server's delegating authenticator does: the front-proxy,
/// client-certificate and bearer-token authenticators are tried in that order and the first to name a user wins
/// (who then also gets <c>system:authenticated</c>). A refused credential does not stop the others; if none names a
/// user, any refusal means 401 Unauthorized, and no credential at all means <c>system:anonymous</c> (when allowed).
/// The front-proxy identity headers are removed from every request before it goes on.
/// </summary>
internal sealed class KubernetesAuthenticationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly IAuthenticationConfigSource _configSource;
    private readonly IRequestAuthenticator[] _authenticators;
    private readonly bool _allowAnonymous;
    private readonly ILogger _logger;
    private readonly AuthenticationMetrics? _metrics;

    public KubernetesAuthenticationMiddleware(
        RequestDelegate next,
        IAuthenticationConfigSource configSource,
        FrontProxyAuthenticator frontProxy,
        ClientCertificateAuthenticator clientCertificate,
        BearerTokenAuthenticator bearerToken,
        KubernetesAuthenticationOptions options,
        ILogger<KubernetesAuthenticationMiddleware> logger,
        AuthenticationMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(configSource);
        ArgumentNullException.ThrowIfNull(frontProxy);
        ArgumentNullException.ThrowIfNull(clientCertificate);
        ArgumentNullException.ThrowIfNull(bearerToken);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        (_next, _configSource, _logger, _metrics) = (next, configSource, logger, metrics);
        _authenticators = [frontProxy, clientCertificate, bearerToken];
        _allowAnonymous = options.AllowAnonymous;
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = _configSource.Current;
        List<string>? errors = null;
        for (var index = 0; index < _authenticators.Length; index++)
        {
            var pending = _authenticators[index].AuthenticateAsync(context, config);
            if (!pending.IsCompletedSuccessfully)
            {
                // Only a TokenReview in flight takes this path; everything else completes synchronously.
                return AuthenticateAsync(context, config, index, pending, errors);
            }

            if (Judge(pending.Result, ref errors) is { } user)
            {
                return Proceed(context, config, user, _authenticators[index].Method);
            }
        }

        return Finish(context, config, errors);
    }

    private static KubernetesUser? Judge(AuthenticationOutcome outcome, ref List<string>? errors)
    {
        if (outcome.Error is { } error)
        {
            (errors ??= []).Add(error);
        }

        return outcome.User;
    }

    private async Task AuthenticateAsync(HttpContext context, AuthenticationConfig config, int index, ValueTask<AuthenticationOutcome> pending, List<string>? errors)
    {
        for (; index < _authenticators.Length; index++)
        {
            var outcome = await pending.ConfigureAwait(false);
            if (Judge(outcome, ref errors) is { } user)
            {
                await Proceed(context, config, user, _authenticators[index].Method).ConfigureAwait(false);
                return;
            }

            if (index + 1 < _authenticators.Length)
            {
                pending = _authenticators[index + 1].AuthenticateAsync(context, config);
            }
        }

        await Finish(context, config, errors).ConfigureAwait(false);
    }

    private Task Finish(HttpContext context, AuthenticationConfig config, List<string>? errors)
    {
        if (errors is null && _allowAnonymous)
        {
            return Proceed(context, config, KubernetesUser.Anonymous, AuthenticationMethod.Anonymous);
        }

        var reasons = errors is null ? "no credentials, and anonymous requests are not allowed" : string.Join("; ", errors);
        AuthenticationLog.Unauthenticated(_logger, context.Request.Path.Value ?? "/", reasons);
        _metrics?.Unauthorized();
        return KubernetesStatus.Unauthorized().WriteAsync(context.Response);
    }

    private Task Proceed(HttpContext context, AuthenticationConfig config, KubernetesUser user, AuthenticationMethod method)
    {
        IdentityHeaderScrubber.Scrub(context.Request.Headers, config.RequestHeader);
        var authenticated = method == AuthenticationMethod.Anonymous ? user : user.WithAuthenticatedGroup();
        context.Features.Set(new KubernetesUserFeature(authenticated, method));
        _metrics?.Authenticated(method);
        return _next(context);
    }
}
