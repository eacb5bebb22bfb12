using System.Diagnostics;

namespace OkrBot.Tests.Support;

/// <summary>Waiting for something running in the background, with a generous deadline: a loaded machine is slow, not wrong.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(90);

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> and <paramref name="state"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, Func<string>? state = null, TimeSpan? deadline = null)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > (deadline ?? DefaultDeadline))
                throw new TimeoutException($"Waited {waited.Elapsed:g} for {what}, in vain.\n{state?.Invoke()}");
            await Task.Delay(100);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, Func<string>? state = null, TimeSpan? deadline = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, state, deadline);
}
