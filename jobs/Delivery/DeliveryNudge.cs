namespace OkrBot.Jobs.Delivery;

/// <summary>
/// Wakes this node's dispatcher at once after something was enqueued that a person is waiting for (an at-risk alert),
/// instead of at the next poll. Only a hint: the rows are in the store, and any node's next poll sends them anyway.
/// </summary>
public sealed class DeliveryNudge
{
    private TaskCompletionSource _nudged = New();

    /// <summary>Several nudges before the dispatcher wakes are one wake-up.</summary>
    public void Nudge() => Volatile.Read(ref _nudged).TrySetResult();

    /// <summary>Returns when nudged or when <paramref name="timeout"/> has passed; throws when <paramref name="ct"/> is cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        var nudged = Volatile.Read(ref _nudged);
        if (!nudged.Task.IsCompleted)
        {
            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await Task.WhenAny(nudged.Task, Task.Delay(timeout, clock, stopDelay.Token));
            await stopDelay.CancelAsync();
        }
        ct.ThrowIfCancellationRequested();
        // Re-armed before the run that follows: a nudge from now on wakes the next wait; one that came before is
        // covered by this run, because what it announced was enqueued before it.
        Interlocked.CompareExchange(ref _nudged, New(), nudged);
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
