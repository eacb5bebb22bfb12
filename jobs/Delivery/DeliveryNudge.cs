namespace OkrBot.Jobs.Delivery;

/// <summary>
/// Wakes this node's dispatcher at once after something was enqueued that a person is waiting for (an at-risk alert),
/// instead of at the next poll. Only a hint: the rows are in the store, and any node's next poll sends them anyway.
/// </summary>
public sealed class DeliveryNudge
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Nudge()
    {
        // At most one pending wake-up: several nudges before the dispatcher wakes are one run.
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); }
            catch (SemaphoreFullException) { /* another nudge won the race: one wake-up is enough */ }
        }
    }

    /// <summary>Returns when nudged or when <paramref name="timeout"/> has passed.</summary>
    public Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct) =>
        Task.WhenAny(_signal.WaitAsync(ct), Task.Delay(timeout, clock, ct)).Unwrap();
}
