using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;

namespace OkrBot.Jobs.Delivery;

/// <summary>
/// Records a bucket's outcomes as they come, in as few statements as they allow (a group commit): the first outcome is
/// written at once, and those that arrive while a write is under way go together in the next one
/// (<see cref="DeliveryQueue.RecordManyAsync"/>). Nothing waits for company: a lone outcome costs what it did alone, and
/// sixteen sends ending together cost two statements instead of sixteen.
/// </summary>
/// <remarks>
/// Each caller still waits until its own outcome is written (or failed to be), so a send keeps its place among the sends in
/// flight until then: at any moment at most as many messages as may be in flight are sent but not yet recorded, as when
/// each outcome was its own statement, and a crash leaves exactly those to go out again when their lease ends.
/// </remarks>
internal sealed class OutcomeBatcher(DeliveryQueue queue)
{
    private readonly Lock _gate = new();
    private List<Waiting> _waiting = [];
    private bool _writing;

    /// <summary>The delivery's new state as <see cref="DeliveryQueue.RecordAsync"/> returns it; throws what the write threw.</summary>
    public Task<DeliveryState?> RecordAsync(DeliveryClaim claim, DeliveryOutcome outcome)
    {
        var waiting = new Waiting(claim, outcome, new TaskCompletionSource<DeliveryState?>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_gate)
        {
            _waiting.Add(waiting);
            start = !_writing;
            _writing = true;
        }

        if (start) _ = WriteAllAsync();
        return waiting.Done.Task;
    }

    /// <summary>Writes what is waiting, then what arrived meanwhile, until nothing is left.</summary>
    private async Task WriteAllAsync()
    {
        while (true)
        {
            List<Waiting> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }

                batch = _waiting;
                _waiting = [];
            }

            try
            {
                // Recorded even while the node stops: a message that went out must not be sent again for want of a row update.
                var states = await queue.RecordManyAsync([.. batch.Select(w => (w.Claim, w.Outcome))], CancellationToken.None);
                for (var i = 0; i < batch.Count; i++) batch[i].Done.SetResult(states[i]);
            }
            catch (Exception e)
            {
                foreach (var w in batch) w.Done.SetException(e);
            }
        }
    }

    private sealed record Waiting(DeliveryClaim Claim, DeliveryOutcome Outcome, TaskCompletionSource<DeliveryState?> Done);
}
