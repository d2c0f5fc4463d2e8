using System.Diagnostics;

namespace MetricsOperator.Tests.EndToEnd.Testing;

/// <summary>Polls a condition until it holds or a deadline passes; the failure names what was awaited and the last observation.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits until <paramref name="check"/> returns null (success); otherwise it returns what it saw, quoted on timeout.</summary>
    public static async Task<TimeSpan> HoldsAsync(string what, TimeSpan timeout, Func<Task<string?>> check)
    {
        var clock = Stopwatch.StartNew();
        string? last = "never checked";
        while (clock.Elapsed < timeout)
        {
            try
            {
                last = await check();
            }
            catch (Exception e) when (e is not AssertionException)
            {
                last = e.GetType().Name + ": " + e.Message;
            }

            if (last is null)
            {
                return clock.Elapsed;
            }

            await Task.Delay(Poll);
        }

        Assert.Fail($"timed out after {timeout.TotalSeconds:0}s waiting for {what}; last observation: {last}");
        return clock.Elapsed;
    }
}
