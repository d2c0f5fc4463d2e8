using System.Collections.Concurrent;
using MetricsOperator.Serving.Authentication;

namespace MetricsOperator.Tests.Serving.Authentication.Testing;

/// <summary>An <see cref="ITokenReviewer"/> with known tokens; anything else is rejected. Counts and records calls.</summary>
internal sealed class FakeTokenReviewer : ITokenReviewer
{
    private readonly ConcurrentDictionary<string, TokenReviewResult> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Token, IReadOnlyList<string> Audiences)> _calls = new();

    /// <summary>When set, every review throws this (an unreachable API server).</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, every review waits until it is cancelled (an API server that does not answer).</summary>
    public bool Hang { get; set; }

    public IReadOnlyList<(string Token, IReadOnlyList<string> Audiences)> Calls => [.. _calls];

    public int CallsFor(string token) => _calls.Count(call => call.Token == token);

    public void Accept(string token, KubernetesUser user, params string[] audiences) =>
        _known[token] = new TokenReviewResult(true, user, audiences, null);

    public Task<TokenReviewResult> ReviewAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        _calls.Enqueue((token, audiences));
        if (Failure is { } failure)
        {
            return Task.FromException<TokenReviewResult>(failure);
        }

        if (Hang)
        {
            return Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith<TokenReviewResult>(
                _ => throw new OperationCanceledException(cancellationToken), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        return Task.FromResult(_known.TryGetValue(token, out var result) ? result : TokenReviewResult.Rejected(null));
    }
}
