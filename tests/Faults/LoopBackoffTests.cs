using OkrBot.Jobs.Delivery;

namespace OkrBot.Tests.Faults;

/// <summary>The dispatcher loop while its runs fail (the store away): it backs off, to a minute at most, and never stops.</summary>
public sealed class LoopBackoffTests
{
    [Theory]
    [InlineData(5, 1, 5)]
    [InlineData(5, 2, 10)]
    [InlineData(5, 4, 40)]
    [InlineData(5, 5, 60)]
    [InlineData(5, 500, 60)]
    [InlineData(90, 3, 90)]
    public void A_failing_dispatcher_run_is_tried_again_after_a_doubling_wait_of_at_most_a_minute(int pollSeconds, int failures, int sleepSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(sleepSeconds), DeliveryWorker.Backoff(TimeSpan.FromSeconds(pollSeconds), failures));
}
