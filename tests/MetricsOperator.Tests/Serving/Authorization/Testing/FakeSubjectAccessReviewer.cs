using System.Collections.Concurrent;
using MetricsOperator.Serving.Authorization;

namespace MetricsOperator.Tests.Serving.Authorization.Testing;

/// <summary>An <see cref="ISubjectAccessReviewer"/> that answers with <see cref="Decide"/> and records every review.</summary>
internal sealed class FakeSubjectAccessReviewer : ISubjectAccessReviewer
{
    private readonly ConcurrentQueue<RequestAttributes> _reviews = new();

    public Func<RequestAttributes, AccessReviewDecision> Decide { get; set; } = _ => AccessReviewDecision.Allow();

    /// <summary>When set, every review throws this (an unreachable API server).</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, every review waits until cancelled.</summary>
    public bool Hang { get; set; }

    public IReadOnlyList<RequestAttributes> Reviews => [.. _reviews];

    public async Task<AccessReviewDecision> ReviewAsync(RequestAttributes attributes, CancellationToken cancellationToken)
    {
        _reviews.Enqueue(attributes);
        if (Failure is { } failure)
        {
            throw failure;
        }

        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return Decide(attributes);
    }
}
