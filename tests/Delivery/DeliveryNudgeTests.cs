using System.Diagnostics;
using OkrBot.Jobs.Delivery;

namespace OkrBot.Tests.Delivery;

public sealed class DeliveryNudgeTests
{
    [Fact]
    public async Task A_nudge_after_a_wait_that_timed_out_still_wakes_the_next_wait_at_once()
    {
        var nudge = new DeliveryNudge();
        await nudge.WaitAsync(TimeSpan.FromMilliseconds(20), TimeProvider.System, CancellationToken.None);

        nudge.Nudge();
        var watch = Stopwatch.StartNew();
        await nudge.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"The nudged wait took {watch.Elapsed}.");
    }

    [Fact]
    public async Task Several_nudges_before_a_wait_are_one_wake_up()
    {
        var nudge = new DeliveryNudge();
        nudge.Nudge();
        nudge.Nudge();

        await nudge.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);
        var second = nudge.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);

        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        nudge.Nudge();
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cancelled_wait_throws()
    {
        using var cts = new CancellationTokenSource();
        var wait = new DeliveryNudge().WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }
}
