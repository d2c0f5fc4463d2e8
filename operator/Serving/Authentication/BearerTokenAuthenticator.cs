using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// The bearer-token authenticator: <c>Authorization: Bearer &lt;token&gt;</c> is confirmed by a TokenReview, whose
/// answer (either way) is cached for <see cref="KubernetesAuthenticationOptions.TokenCacheTtl"/> in a bounded cache
/// keyed by a digest of the token. A review that could not be made is a refusal that is not cached. On success the
/// Authorization header is removed, so nothing downstream can reuse the caller's token.
/// </summary>
internal sealed class BearerTokenAuthenticator : IRequestAuthenticator
{
    private const string InvalidToken = "invalid bearer token";

    private readonly ITokenReviewer _reviewer;
    private readonly KubernetesAuthenticationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AuthenticationMetrics? _metrics;
    private readonly ExpiringLruCache<TokenDigest, TokenReviewResult> _cache;
    private readonly byte[] _digestKey = RandomNumberGenerator.GetBytes(32);

    public BearerTokenAuthenticator(
        ITokenReviewer reviewer,
        KubernetesAuthenticationOptions options,
        TimeProvider timeProvider,
        ILogger<BearerTokenAuthenticator> logger,
        AuthenticationMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        (_reviewer, _options, _timeProvider, _logger, _metrics) = (reviewer, options, timeProvider, logger, metrics);
        _cache = new ExpiringLruCache<TokenDigest, TokenReviewResult>(options.TokenCacheSize, timeProvider);
    }

    public AuthenticationMethod Method => AuthenticationMethod.BearerToken;

    public async ValueTask<AuthenticationOutcome> AuthenticateAsync(HttpContext context, AuthenticationConfig config)
    {
        ArgumentNullException.ThrowIfNull(context);
        var authorization = context.Request.Headers.Authorization;
        if (authorization.Count == 0 || BearerTokenOf(authorization[0]) is not { } token)
        {
            return AuthenticationOutcome.NotApplicable;
        }

        var digest = TokenDigest.Of(token, _digestKey);
        if (!_cache.TryGet(digest, out var result))
        {
            using var timeout = new CancellationTokenSource(_options.TokenReviewTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token);
            try
            {
                result = await _reviewer.ReviewAsync(token, _options.TokenAudiences, linked.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (!context.RequestAborted.IsCancellationRequested)
            {
                var reason = timeout.IsCancellationRequested ? $"timed out after {_options.TokenReviewTimeout}" : error.Message;
                AuthenticationLog.TokenReviewFailed(_logger, reason, error);
                _metrics?.TokenReviewed("error");
                return AuthenticationOutcome.Failed("token review failed: " + reason);
            }

            _metrics?.TokenReviewed(result.Authenticated ? "authenticated" : "rejected");
            _cache.Set(digest, result, _options.TokenCacheTtl);
        }

        var outcome = Judge(result);
        if (outcome.User is not null)
        {
            context.Request.Headers.Remove(HeaderNames.Authorization);
        }

        return outcome;
    }

    // As Go's bearer-token reader: trimmed, split on single spaces, scheme case-insensitive, empty token ignored.
    private static string? BearerTokenOf(string? header)
    {
        var value = header.AsSpan().Trim();
        var space = value.IndexOf(' ');
        if (space < 0 || !value[..space].Equals("bearer", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = value[(space + 1)..];
        var end = token.IndexOf(' ');
        token = end < 0 ? token : token[..end];
        return token.IsEmpty ? null : token.ToString();
    }

    private AuthenticationOutcome Judge(TokenReviewResult result)
    {
        if (!result.Authenticated || result.User is null)
        {
            return AuthenticationOutcome.Failed(string.IsNullOrEmpty(result.Error) ? InvalidToken : result.Error);
        }

        var wanted = _options.TokenAudiences;
        if (wanted.Count > 0 && !wanted.Any(audience => result.Audiences.Contains(audience, StringComparer.Ordinal)))
        {
            return AuthenticationOutcome.Failed(
                $"token audiences [{string.Join(", ", result.Audiences)}] are invalid for the target audiences [{string.Join(", ", wanted)}]");
        }

        return AuthenticationOutcome.Authenticated(result.User);
    }
}
