using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.KubeletFarm;

/// <summary>A fake clock that reports when someone starts waiting on it, so a test advances time only after the wait began.</summary>
internal sealed class TimerSignallingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the next timer is created after the last <see cref="ExpectTimer"/>.</summary>
    public Task TimerCreated => Volatile.Read(ref _timerCreated).Task;

    public void ExpectTimer() => Volatile.Write(ref _timerCreated, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Volatile.Read(ref _timerCreated).TrySetResult();
        return timer;
    }
}
