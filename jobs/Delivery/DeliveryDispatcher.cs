using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;

namespace OkrBot.Jobs.Delivery;

/// <summary>What one dispatcher run did, summed over its buckets.</summary>
/// <param name="Claimed">Rows this node claimed.</param>
/// <param name="Retrying">Throttled or transient: back to Pending for a later try.</param>
/// <param name="Released">Given back untried (no send slot, or the node was stopping).</param>
/// <param name="Unrecorded">Sent or not, the outcome could not be recorded (lost claim, store failure, stopping): the lease brings them back.</param>
public sealed record DispatchReport(
    int Claimed, int Sent, int Retrying, int Gone, int Failed, int Cancelled, int Released, int Unrecorded)
{
    public static readonly DispatchReport Empty = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static DispatchReport operator +(DispatchReport a, DispatchReport b) => new(
        a.Claimed + b.Claimed, a.Sent + b.Sent, a.Retrying + b.Retrying, a.Gone + b.Gone, a.Failed + b.Failed,
        a.Cancelled + b.Cancelled, a.Released + b.Released, a.Unrecorded + b.Unrecorded);
}

/// <summary>
/// Sends due deliveries: per rate-limit bucket (channel + tenant) it claims a batch of rows, decides each one's view
/// (<see cref="IDeliveryContent"/>), reserves send slots from the limiter shared by all nodes, starts each send at its slot
/// through the channel's <see cref="IChannelSender"/>, and records every outcome. Any number of nodes can run it at once
/// against one database; each row is claimed by one node at a time.
/// </summary>
public sealed partial class DeliveryDispatcher
{
    private readonly DeliveryQueue _queue;
    private readonly DeliveryRateLimiter _limiter;
    private readonly IDeliveryContent _content;
    private readonly IReadOnlyDictionary<Channel, IChannelSender> _senders;
    private readonly DispatcherOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<DeliveryDispatcher> _log;
    private readonly ConcurrentDictionary<DeliveryBucket, bool> _warnedNoSender = new();

    /// <summary>How long a bucket is held off after a 429 that did not say how long.</summary>
    private static readonly TimeSpan DefaultThrottlePause = TimeSpan.FromSeconds(1);

    public DeliveryDispatcher(DeliveryQueue queue, DeliveryRateLimiter limiter, IDeliveryContent content, IEnumerable<IChannelSender> senders,
        DispatcherOptions options, TimeProvider clock, ILogger<DeliveryDispatcher> log)
    {
        _queue = queue;
        _limiter = limiter;
        _content = content;
        // The last registered sender of a channel wins, as with any service registered twice.
        _senders = senders.GroupBy(s => s.Channel).ToDictionary(g => g.Key, g => g.Last());
        _options = options;
        _clock = clock;
        _log = log;
        NodeId = options.ResolveNodeId();
    }

    /// <summary>The name this node claims rows under.</summary>
    public string NodeId { get; }

    /// <summary>
    /// Sends everything due now, bucket by bucket (several buckets at once), each within its rate limit, and returns when no
    /// bucket has anything left that is due. Cancelling stops claiming, gives back claimed rows not yet started, and leaves
    /// sends in flight unrecorded: their lease brings them back (those are the only ones that can go out twice).
    /// </summary>
    public async Task<DispatchReport> RunOnceAsync(CancellationToken ct)
    {
        var buckets = await _queue.DueBucketsAsync(ct);
        var total = DispatchReport.Empty;
        var gate = new Lock();
        await Parallel.ForEachAsync(buckets, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentBuckets, CancellationToken = ct },
            async (bucket, token) =>
            {
                var report = await DrainAsync(bucket, token);
                lock (gate) total += report;
            });
        return total;
    }

    private async Task<DispatchReport> DrainAsync(DeliveryBucket bucket, CancellationToken ct)
    {
        if (!_senders.TryGetValue(bucket.Channel, out var sender))
        {
            // Once per tenant and node: the rows wait (nothing is lost) until a node with that channel's sender runs.
            if (_warnedNoSender.TryAdd(bucket, true)) LogNoSender(bucket.Channel, bucket.TenantId);
            return DispatchReport.Empty;
        }

        var tally = new Tally();
        var held = new HeldClaims();
        var outcomes = new OutcomeBatcher(_queue);
        var inFlight = new List<Task>();
        using var sends = new SemaphoreSlim(_options.MaxConcurrentSends);
        // Sends start at least one interval apart even when this node fell behind its slots (a pause, a slow batch): slots
        // that passed meanwhile would otherwise go out in a burst, and a burst is what the messenger answers with a 429.
        var spacing = _limiter.IntervalOf(bucket.Channel);
        DateTimeOffset? lastStart = null;
        // The next batch is claimed and made while this one waits for its send slots, so the slots are not left unused.
        Task<Batch?>? next = null;
        try
        {
            next = NextBatchAsync(bucket, held, tally, outcomes, ct);
            while (await next is { } batch)
            {
                next = null;
                ct.ThrowIfCancellationRequested();
                if (batch.Ready.Count == 0)
                {
                    next = NextBatchAsync(bucket, held, tally, outcomes, ct);
                    continue;
                }

                if (tally.StoreAway) break;
                var ready = batch.Ready;
                var grant = await _limiter.AcquireAsync(bucket, ready.Count, _options.SlotHorizon, ct);
                if (grant.Count == ready.Count) next = NextBatchAsync(bucket, held, tally, outcomes, ct);
                for (var i = 0; i < grant.Count; i++)
                {
                    await WaitUntilAsync(lastStart + spacing is { } spaced && spaced > grant.Slots[i] ? spaced : grant.Slots[i], ct);
                    await sends.WaitAsync(ct);
                    if (ct.IsCancellationRequested)
                    {
                        // A send ending because of the same cancellation can hand its place over before the wait sees it.
                        sends.Release();
                        ct.ThrowIfCancellationRequested();
                    }

                    if (tally.StoreAway)
                    {
                        // An outcome could not be recorded because the store stopped answering: a message sent now could not be
                        // recorded either, and would go out again when its lease ends. The rest wait for their lease.
                        sends.Release();
                        LogStoreAway(bucket.Channel, bucket.TenantId, ready.Count - i);
                        break;
                    }

                    var item = ready[i];
                    if (_clock.GetUtcNow() > item.Claim.LeaseUntil - _options.Lease / 4)
                    {
                        // Sends were so slow that the lease is nearly over: another node may take this row any moment, and
                        // sending it now could make a duplicate that was never in flight. Give it back instead.
                        sends.Release();
                        await ReleaseAsync([item.Claim], _clock.GetUtcNow(), held, tally, ct);
                        continue;
                    }

                    held.Remove(item.Claim);
                    lastStart = _clock.GetUtcNow();
                    inFlight.Add(SendAsync(item, sender, sends, tally, outcomes, ct));
                }

                if (tally.StoreAway) break;
                if (grant.Count < ready.Count)
                {
                    // Other nodes have booked this bucket beyond the horizon: hand the rest back and wait for our turn.
                    var rest = ready.Skip(grant.Count).Select(r => r.Claim).ToList();
                    await ReleaseAsync(rest, grant.RetryAt, held, tally, ct);
                    LogBucketBusy(bucket.Channel, bucket.TenantId, rest.Count, grant.RetryAt);
                    await WaitUntilAsync(grant.RetryAt, ct);
                }

                next ??= NextBatchAsync(bucket, held, tally, outcomes, ct);
            }

            if (next is not null)
            {
                // Left the loop with a batch being made (the store went away): its claims end with their lease.
                await Task.WhenAny(next);
                _ = next.Exception;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: whatever was claimed and not started goes back now rather than when its lease ends (a batch being
            // made meanwhile included: its claims are held as soon as they are made).
            if (next is not null)
            {
                await Task.WhenAny(next);
                _ = next.Exception; // observed: stopping is the news, not how the batch being made ended
            }
            await ReleaseAsync(held.All(), _clock.GetUtcNow(), held, tally, CancellationToken.None);
            throw;
        }
        finally
        {
            await Task.WhenAll(inFlight);
            var report = tally.Report();
            if (report.Claimed > 0)
            {
                LogBucketDone(bucket.Channel, bucket.TenantId, report.Claimed, report.Sent, report.Retrying, report.Gone, report.Failed,
                    report.Cancelled, report.Released, report.Unrecorded);
            }
        }

        return tally.Report();
    }

    /// <summary>Claims the next batch of a bucket and makes its views; null when nothing is due any more.</summary>
    private async Task<Batch?> NextBatchAsync(DeliveryBucket bucket, HeldClaims held, Tally tally, OutcomeBatcher outcomes, CancellationToken ct)
    {
        var claims = await _queue.ClaimDueAsync(NodeId, bucket, _options.BatchSizeFor(_limiter.IntervalOf(bucket.Channel)), _options.Lease, ct);
        if (claims.Count == 0) return null;
        tally.Add(ref tally.Claimed, claims.Count);
        held.AddRange(claims);
        return new Batch(await PrepareAsync(bucket, claims, held, tally, outcomes, ct));
    }

    /// <summary>
    /// The claims that have something to send, with their recipient and view. The others are recorded here and then: the
    /// person left (Cancelled), their conversation is inactive (Gone, nothing sent), nothing to send any more (Cancelled).
    /// </summary>
    private async Task<List<Ready>> PrepareAsync(DeliveryBucket bucket, IReadOnlyList<DeliveryClaim> claims, HeldClaims held, Tally tally,
        OutcomeBatcher outcomes, CancellationToken ct)
    {
        var recipients = await _queue.RecipientsAsync(bucket, [.. claims.Select(c => c.PersonId)], ct);
        var decided = new (DeliveryRecipient? Recipient, DeliveryContent? Content, DeliveryOutcome? Skip)[claims.Count];
        // Kinds the content makes together (the manager digests of a digest run) are made in one go, beside the others.
        var batched = _content as IBatchedDeliveryContent;
        var together = new List<int>();
        var alone = new List<int>();
        for (var i = 0; i < claims.Count; i++)
        {
            if (Unsendable(claims[i], recipients) is { } unsendable) decided[i] = unsendable;
            else (batched?.RendersTogether(claims[i].Kind) == true ? together : alone).Add(i);
        }

        var renderedTogether = together.Count == 0 ? Task.CompletedTask : DecideTogetherAsync(batched!, claims, together, recipients, decided, ct);
        var renderedAlone = Parallel.ForEachAsync(alone,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRenders, CancellationToken = ct },
            async (i, token) => decided[i] = await DecideAsync(claims[i], recipients[claims[i].PersonId], token));
        await Task.WhenAll(renderedTogether, renderedAlone);

        var ready = new List<Ready>();
        var skipped = new List<Task>();
        for (var i = 0; i < claims.Count; i++)
        {
            var (recipient, content, skip) = decided[i];
            if (skip is null)
            {
                ready.Add(new Ready(claims[i], recipient!, content!.View!, content.ReplaceMessageId));
                continue;
            }

            held.Remove(claims[i]);
            // All at once, so they are written together.
            skipped.Add(RecordAsync(claims[i], skip, tally, outcomes));
        }

        await Task.WhenAll(skipped);
        return ready;
    }

    /// <summary>Why a claim cannot be sent whatever its content (its recipient left, is inactive or unreachable); null when it can.</summary>
    private static (DeliveryRecipient? Recipient, DeliveryContent? Content, DeliveryOutcome? Skip)? Unsendable(
        DeliveryClaim claim, IReadOnlyDictionary<Guid, DeliveryRecipient> recipients)
    {
        if (!recipients.TryGetValue(claim.PersonId, out var recipient))
            return (null, null, DeliveryOutcome.Cancelled("the person is no longer in this tenant"));
        if (!recipient.Person.IsActive)
            return (recipient, null, DeliveryOutcome.Cancelled("the person is no longer active"));
        if (recipient.Conversation is { IsActive: false } conversation)
            return (recipient, null, DeliveryOutcome.Gone($"not sent: the conversation is inactive ({conversation.InactiveReason ?? "no reason given"})"));
        return null;
    }

    /// <summary>What a sendable claim shows, or why it is not sent.</summary>
    private async Task<(DeliveryRecipient? Recipient, DeliveryContent? Content, DeliveryOutcome? Skip)> DecideAsync(
        DeliveryClaim claim, DeliveryRecipient recipient, CancellationToken ct)
    {
        try
        {
            return Decided(recipient, await _content.RenderAsync(claim, recipient, ct));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogContentFailed(e, claim.Id, claim.Kind);
            return (recipient, null, DeliveryOutcome.Transient($"the content could not be rendered ({e.GetType().Name})"));
        }
    }

    /// <summary>
    /// <see cref="DecideAsync"/> for the claims at <paramref name="indexes"/>, made together: if that fails, each of them is
    /// tried again later, as one that failed alone would be.
    /// </summary>
    private async Task DecideTogetherAsync(IBatchedDeliveryContent content, IReadOnlyList<DeliveryClaim> claims, IReadOnlyList<int> indexes,
        IReadOnlyDictionary<Guid, DeliveryRecipient> recipients, (DeliveryRecipient?, DeliveryContent?, DeliveryOutcome?)[] decided, CancellationToken ct)
    {
        try
        {
            var rendered = await content.RenderManyAsync([.. indexes.Select(i => (claims[i], recipients[claims[i].PersonId]))], ct);
            for (var n = 0; n < indexes.Count; n++) decided[indexes[n]] = Decided(recipients[claims[indexes[n]].PersonId], rendered[n]);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            foreach (var i in indexes)
            {
                LogContentFailed(e, claims[i].Id, claims[i].Kind);
                decided[i] = (recipients[claims[i].PersonId], null, DeliveryOutcome.Transient($"the content could not be rendered ({e.GetType().Name})"));
            }
        }
    }

    private static (DeliveryRecipient? Recipient, DeliveryContent? Content, DeliveryOutcome? Skip) Decided(DeliveryRecipient recipient, DeliveryContent content) =>
        content.View is null
            ? (recipient, content, DeliveryOutcome.Cancelled(content.Reason ?? "nothing to send any more"))
            : (recipient, content, null);

    private async Task SendAsync(Ready item, IChannelSender sender, SemaphoreSlim sends, Tally tally, OutcomeBatcher outcomes, CancellationToken ct)
    {
        try
        {
            DeliveryOutcome outcome;
            try
            {
                outcome = item.ReplaceMessageId is { } messageId
                    ? Replaced(await sender.UpdateAsync(item.Recipient, messageId, item.View, ct), messageId)
                    : await sender.SendAsync(item.Recipient, item.View, item.Claim.Id, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The node is stopping mid-send: whether it arrived is unknown, so it stays claimed and comes back after the lease.
                tally.Add(ref tally.Unrecorded);
                return;
            }
            catch (Exception e)
            {
                LogSenderFailed(e, item.Claim.Id, item.Claim.Channel);
                outcome = DeliveryOutcome.Transient($"the sender failed ({e.GetType().Name})");
            }

            // The send keeps its place among those in flight until its outcome is written: no more messages are ever sent
            // but unrecorded than may be in flight.
            await RecordAsync(item.Claim, outcome, tally, outcomes);
            if (outcome.Kind == DeliveryOutcomeKind.Throttled) await PauseAsync(item.Claim, outcome.RetryAfter);
        }
        finally
        {
            sends.Release();
        }
    }

    /// <summary>Records an outcome even while stopping: a message that went out must not be sent again for want of a row update.</summary>
    private async Task RecordAsync(DeliveryClaim claim, DeliveryOutcome outcome, Tally tally, OutcomeBatcher outcomes)
    {
        DeliveryState? state;
        try
        {
            state = await outcomes.RecordAsync(claim, outcome);
        }
        catch (Exception e)
        {
            LogRecordFailed(e, claim.Id, outcome.Kind);
            tally.Add(ref tally.Unrecorded);
            if (StoreFailures.IsUnavailable(e)) tally.StoreAway = true;
            return;
        }

        switch (state)
        {
            case null: tally.Add(ref tally.Unrecorded); break;
            case DeliveryState.Sent: tally.Add(ref tally.Sent); break;
            case DeliveryState.Pending: tally.Add(ref tally.Retrying); break;
            case DeliveryState.Gone: tally.Add(ref tally.Gone); break;
            case DeliveryState.Cancelled: tally.Add(ref tally.Cancelled); break;
            default: tally.Add(ref tally.Failed); break;
        }

        if (state is DeliveryState.Failed or DeliveryState.Gone)
            LogNotDelivered(claim.Id, claim.Kind, claim.PersonId, state.Value, outcome.Kind, outcome.StatusCode, outcome.Reason);
    }

    /// <summary>
    /// The messenger throttles per tenant, not per message: every node holds off the whole bucket for the Retry-After (our
    /// own rate is per app, but the bot's replies and other apps' traffic count against the same tenant limit).
    /// </summary>
    private async Task PauseAsync(DeliveryClaim claim, TimeSpan? retryAfter)
    {
        var until = _clock.GetUtcNow() + (retryAfter ?? DefaultThrottlePause);
        try
        {
            await _limiter.PauseAsync(claim.Bucket, until, CancellationToken.None);
            LogPaused(claim.Channel, claim.TenantId, until);
        }
        catch (Exception e)
        {
            LogPauseFailed(e, claim.Channel, claim.TenantId);
        }
    }

    private async Task ReleaseAsync(IReadOnlyList<DeliveryClaim> claims, DateTimeOffset notBefore, HeldClaims held, Tally tally, CancellationToken ct)
    {
        foreach (var claim in claims)
        {
            held.Remove(claim);
            try
            {
                if (await _queue.ReleaseAsync(claim, notBefore, ct)) tally.Add(ref tally.Released);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not fatal: the lease ends and the row is due again.
                LogReleaseFailed(e, claim.Id);
            }
        }
    }

    private async Task WaitUntilAsync(DateTimeOffset at, CancellationToken ct)
    {
        var wait = at - _clock.GetUtcNow();
        if (wait > TimeSpan.Zero) await Task.Delay(wait, _clock, ct);
    }

    /// <summary>
    /// An update's outcome as a delivery's: the message id stays the one updated, and a gone message (deleted, or a
    /// conversation that ended) only ends this update; it says nothing about whether the person can still be reached.
    /// </summary>
    private static DeliveryOutcome Replaced(DeliveryOutcome outcome, string messageId) => outcome.Kind switch
    {
        DeliveryOutcomeKind.Sent => outcome with { MessageId = messageId },
        DeliveryOutcomeKind.Gone => DeliveryOutcome.Cancelled($"the message to update is gone ({outcome.Reason})"),
        _ => outcome,
    };

    private sealed record Ready(DeliveryClaim Claim, DeliveryRecipient Recipient, View View, string? ReplaceMessageId);

    private sealed record Batch(IReadOnlyList<Ready> Ready);

    /// <summary>The claims this node holds and has not started: given back when it stops. Used by the sending loop and the batch being made.</summary>
    private sealed class HeldClaims
    {
        private readonly Lock _gate = new();
        private readonly List<DeliveryClaim> _claims = [];

        public void AddRange(IEnumerable<DeliveryClaim> claims)
        {
            lock (_gate) _claims.AddRange(claims);
        }

        public void Remove(DeliveryClaim claim)
        {
            lock (_gate) _claims.Remove(claim);
        }

        public IReadOnlyList<DeliveryClaim> All()
        {
            lock (_gate) return [.. _claims];
        }
    }

    /// <summary>Counts updated by concurrent sends.</summary>
    private sealed class Tally
    {
        public int Claimed, Sent, Retrying, Gone, Failed, Cancelled, Released, Unrecorded;

        private volatile bool _storeAway;

        /// <summary>An outcome could not be recorded because the store is away: start no more sends.</summary>
        public bool StoreAway
        {
            get => _storeAway;
            set => _storeAway = value;
        }

        public void Add(ref int counter, int by = 1) => Interlocked.Add(ref counter, by);

        public DispatchReport Report() => new(
            Volatile.Read(ref Claimed), Volatile.Read(ref Sent), Volatile.Read(ref Retrying), Volatile.Read(ref Gone),
            Volatile.Read(ref Failed), Volatile.Read(ref Cancelled), Volatile.Read(ref Released), Volatile.Read(ref Unrecorded));
    }

    [LoggerMessage(LogLevel.Warning, "No sender for {Channel}: deliveries of tenant {TenantId} stay pending")]
    private partial void LogNoSender(Channel channel, Guid tenantId);

    [LoggerMessage(LogLevel.Information,
        "{Channel} tenant {TenantId}: claimed {Claimed}, sent {Sent}, retrying {Retrying}, gone {Gone}, failed {Failed}, cancelled {Cancelled}, released {Released}, unrecorded {Unrecorded}")]
    private partial void LogBucketDone(Channel channel, Guid tenantId, int claimed, int sent, int retrying, int gone, int failed, int cancelled,
        int released, int unrecorded);

    [LoggerMessage(LogLevel.Debug, "{Channel} tenant {TenantId} is booked ahead by other nodes: released {Count} deliveries until {RetryAt}")]
    private partial void LogBucketBusy(Channel channel, Guid tenantId, int count, DateTimeOffset retryAt);

    [LoggerMessage(LogLevel.Warning, "Delivery {DeliveryId} ({Kind}) to person {PersonId} ended {State} after {Outcome} (status {StatusCode}): {Reason}")]
    private partial void LogNotDelivered(Guid deliveryId, DeliveryKind kind, Guid personId, DeliveryState state, DeliveryOutcomeKind outcome,
        int? statusCode, string? reason);

    [LoggerMessage(LogLevel.Error, "Rendering delivery {DeliveryId} ({Kind}) failed; it will be tried again")]
    private partial void LogContentFailed(Exception exception, Guid deliveryId, DeliveryKind kind);

    [LoggerMessage(LogLevel.Error, "The {Channel} sender threw for delivery {DeliveryId}; it will be tried again")]
    private partial void LogSenderFailed(Exception exception, Guid deliveryId, Channel channel);

    [LoggerMessage(LogLevel.Error, "Recording outcome {Outcome} of delivery {DeliveryId} failed; its lease will bring it back")]
    private partial void LogRecordFailed(Exception exception, Guid deliveryId, DeliveryOutcomeKind outcome);

    [LoggerMessage(LogLevel.Information, "{Channel} throttled tenant {TenantId}: no node sends there before {Until}")]
    private partial void LogPaused(Channel channel, Guid tenantId, DateTimeOffset until);

    [LoggerMessage(LogLevel.Warning, "Holding off {Channel} tenant {TenantId} after a 429 failed; its rows still wait their own Retry-After")]
    private partial void LogPauseFailed(Exception exception, Channel channel, Guid tenantId);

    [LoggerMessage(LogLevel.Warning, "The store is not answering: {Channel} tenant {TenantId} stops sending, {Count} claimed deliveries wait for their lease")]
    private partial void LogStoreAway(Channel channel, Guid tenantId, int count);

    [LoggerMessage(LogLevel.Warning, "Releasing delivery {DeliveryId} failed; its lease will bring it back")]
    private partial void LogReleaseFailed(Exception exception, Guid deliveryId);
}
