using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;

namespace OkrBot.Core.Deliveries;

/// <summary>
/// The durable queue of scheduled messages (<see cref="Delivery"/> rows). The planner enqueues (idempotently: one row per
/// kind, person and period); dispatchers on any number of nodes claim due rows of a bucket, send them and record each
/// outcome. A claim is a lease: a node that dies holding rows loses them when the lease ends and another node takes them
/// over, so nothing is lost and only messages in flight at the moment of a crash can go out twice.
/// </summary>
/// <remarks>
/// Claims on PostgreSQL lock their rows with <c>FOR UPDATE SKIP LOCKED</c>, so concurrent claimers never wait for each
/// other and never take the same row. SQLite has one writer at a time: the claim runs in an immediate (write-locked)
/// transaction, which gives the same guarantee.
/// </remarks>
public sealed partial class DeliveryQueue(
    OkrDatabase database, ConversationService conversations, DeliveryOptions options, TimeProvider clock, ILogger<DeliveryQueue>? logger = null)
{
    private const int EnqueueChunk = 500;
    private readonly ILogger _log = logger ?? NullLogger<DeliveryQueue>.Instance;

    /// <summary>
    /// Adds a delivery unless the same (kind, person, period) is already there, in any state; then nothing changes and the
    /// result says so (<see cref="EnqueueResult.Created"/> false) with the existing row's id.
    /// </summary>
    /// <exception cref="ArgumentException">An empty or over-long period key, or a payload that is not JSON or too long.</exception>
    public async Task<EnqueueResult> EnqueueAsync(DeliveryRequest request, CancellationToken ct = default)
    {
        Validate(request);
        for (var attempt = 1; ; attempt++)
        {
            await using (var db = database.Open())
            {
                var row = NewRow(request, Now());
                db.Deliveries.Add(row);
                try
                {
                    await db.SaveChangesAsync(ct);
                    return new EnqueueResult(row.Id, true);
                }
                catch (DbUpdateException e) when (Conflicts.IsUniqueViolation(e))
                {
                    // Already planned, by an earlier fire or another node.
                }
            }

            await using var read = database.Open();
            var existing = await read.Deliveries.AsNoTracking()
                .Where(d => d.Kind == request.Kind && d.PersonId == request.PersonId && d.PeriodKey == request.PeriodKey)
                .Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct);
            if (existing is { } id) return new EnqueueResult(id, false);
            // It was deleted (its person was) between the two statements: try once more, then report the conflict.
            if (attempt >= 2) throw new InvalidOperationException($"Delivery {request.Kind}/{request.PeriodKey} for {request.PersonId} kept colliding.");
        }
    }

    /// <summary>
    /// <see cref="EnqueueAsync"/> for many at once (a planner run), results in the order given. Rows already there are
    /// found with one query per chunk and the rest inserted together; a race with another node falls back to one by one.
    /// </summary>
    public async Task<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<DeliveryRequest> requests, CancellationToken ct = default)
    {
        foreach (var request in requests) Validate(request);
        var results = new EnqueueResult[requests.Count];
        var firstOfKey = new Dictionary<(DeliveryKind, Guid, string), int>();
        var unique = new List<int>();
        for (var i = 0; i < requests.Count; i++)
        {
            if (firstOfKey.TryAdd(Key(requests[i]), i)) unique.Add(i);
        }

        foreach (var chunk in unique.Chunk(EnqueueChunk))
        {
            var people = chunk.Select(i => requests[i].PersonId).Distinct().ToList();
            var periods = chunk.Select(i => requests[i].PeriodKey).Distinct().ToList();
            await using var db = database.Open();
            var existing = (await db.Deliveries.AsNoTracking()
                    .Where(d => people.Contains(d.PersonId) && periods.Contains(d.PeriodKey))
                    .Select(d => new { d.Kind, d.PersonId, d.PeriodKey, d.Id })
                    .ToListAsync(ct))
                .ToDictionary(d => (d.Kind, d.PersonId, d.PeriodKey), d => d.Id);

            var now = Now();
            var added = new List<(int Index, Delivery Row)>();
            foreach (var i in chunk)
            {
                if (existing.TryGetValue(Key(requests[i]), out var id)) results[i] = new EnqueueResult(id, false);
                else added.Add((i, NewRow(requests[i], now)));
            }

            if (added.Count == 0) continue;
            // By the unique key's columns, in one order every node uses (ordinal, whatever its culture), so two planners
            // inserting overlapping batches wait for each other instead of each holding a key the other needs (a deadlock).
            added.Sort((a, b) => a.Row.PersonId.CompareTo(b.Row.PersonId) is var byPerson and not 0 ? byPerson
                : a.Row.Kind.CompareTo(b.Row.Kind) is var byKind and not 0 ? byKind
                : string.CompareOrdinal(a.Row.PeriodKey, b.Row.PeriodKey));
            try
            {
                if (database.Provider == DatabaseProvider.Postgres) await InsertAllAsync(db, [.. added.Select(a => a.Row)], ct);
                else
                {
                    db.Deliveries.AddRange(added.Select(a => a.Row));
                    await db.SaveChangesAsync(ct);
                }

                foreach (var (i, row) in added) results[i] = new EnqueueResult(row.Id, true);
            }
            catch (Exception e) when (Conflicts.IsRetryable(e) || e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another node planned some of these meanwhile (or the store broke a lock cycle): the batch rolled back as
                // a whole; go one by one, each idempotent on its own.
                foreach (var (i, _) in added) results[i] = await EnqueueAsync(requests[i], ct);
            }
        }

        for (var i = 0; i < requests.Count; i++)
        {
            results[i] ??= results[firstOfKey[Key(requests[i])]] with { Created = false };
        }

        return results;
    }

    /// <summary>Withdraws a delivery that is still waiting (e.g. the person checked in before the reminder went out).</summary>
    public async Task<bool> CancelAsync(DeliveryKind kind, Guid personId, string periodKey, string reason, CancellationToken ct = default)
    {
        var now = Now();
        var why = Text.Bounded(reason, OkrModel.DeliveryErrorLength);
        await using var db = database.Open();
        return await db.Deliveries
            .Where(d => d.Kind == kind && d.PersonId == personId && d.PeriodKey == periodKey && d.State == DeliveryState.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, DeliveryState.Cancelled)
                .SetProperty(d => d.LastOutcome, DeliveryOutcomeKind.Cancelled)
                .SetProperty(d => d.LastError, why)
                .SetProperty(d => d.UpdatedAt, now), ct) > 0;
    }

    /// <summary>The buckets that have rows to send now (due, or left behind by a node whose lease ran out).</summary>
    public async Task<IReadOnlyList<DeliveryBucket>> DueBucketsAsync(CancellationToken ct = default)
    {
        var now = Now();
        await using var db = database.Open();
        var buckets = await db.Deliveries.AsNoTracking()
            .Where(d => (d.State == DeliveryState.Pending || d.State == DeliveryState.Sending) && d.NotBefore <= now)
            .Select(d => new { d.Channel, d.TenantId })
            .Distinct()
            .ToListAsync(ct);
        return [.. buckets.Select(b => new DeliveryBucket(b.Channel, b.TenantId))];
    }

    /// <summary>When the next open row falls due (possibly in the past); null when there is none.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default)
    {
        await using var db = database.Open();
        return await db.Deliveries.AsNoTracking()
            .Where(d => d.State == DeliveryState.Pending || d.State == DeliveryState.Sending)
            .OrderBy(d => d.NotBefore)
            .Select(d => (DateTimeOffset?)d.NotBefore)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> due rows of <paramref name="bucket"/> for <paramref name="node"/>, oldest first,
    /// for <paramref name="lease"/>: they become Sending, their attempt count goes up, and no other node takes them until
    /// the lease ends. Rows whose lease ended without a report are due again; those that used up their attempts that way
    /// end Failed (<see cref="DeliveryOutcomeKind.Abandoned"/>) instead.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryClaim>> ClaimDueAsync(string node, DeliveryBucket bucket, int max, TimeSpan lease, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        if (node.Length > OkrModel.NodeIdLength) throw new ArgumentException($"A node id has at most {OkrModel.NodeIdLength} characters.", nameof(node));
        if (lease <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lease), "A lease must be positive.");
        if (max <= 0) return [];

        var now = Now();
        var leaseUntil = Microseconds(now + lease);
        var maxAttempts = options.MaxAttempts;
        await FailAbandonedAsync(bucket, now, ct);

        await using var db = database.Open();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        List<Guid> ids;
        if (database.Provider == DatabaseProvider.Postgres)
        {
            var channel = bucket.Channel.ToString();
            ids = await db.Database.SqlQuery<Guid>($"""
                SELECT "Id" AS "Value" FROM "Deliveries"
                WHERE "TenantId" = {bucket.TenantId} AND "Channel" = {channel}
                  AND ("State" = 'Pending' OR ("State" = 'Sending' AND "Attempts" < {maxAttempts}))
                  AND "NotBefore" <= {now}
                ORDER BY "NotBefore"
                LIMIT {max}
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
        }
        else
        {
            // SQLite: the transaction began IMMEDIATE (Microsoft.Data.Sqlite's default), so it holds the write lock already.
            ids = await Due(db.Deliveries, bucket, now, maxAttempts).OrderBy(d => d.NotBefore).Take(max).Select(d => d.Id).ToListAsync(ct);
        }

        if (ids.Count == 0) return [];
        await Due(db.Deliveries, bucket, now, maxAttempts).Where(d => ids.Contains(d.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, DeliveryState.Sending)
                .SetProperty(d => d.ClaimedBy, node)
                .SetProperty(d => d.LeaseUntil, leaseUntil)
                .SetProperty(d => d.NotBefore, leaseUntil)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.UpdatedAt, now), ct);
        var rows = await db.Deliveries.AsNoTracking()
            .Where(d => ids.Contains(d.Id) && d.State == DeliveryState.Sending && d.ClaimedBy == node && d.LeaseUntil == leaseUntil)
            .ToListAsync(ct);
        await transaction.CommitAsync(ct);

        return [.. rows.OrderBy(r => ids.IndexOf(r.Id)).Select(r => new DeliveryClaim(
            r.Id, r.TenantId, r.PersonId, r.Channel, r.Kind, r.PeriodKey, r.Payload, r.Attempts, node, leaseUntil, r.CreatedAt))];
    }

    /// <summary>
    /// Records how a claimed delivery's try ended. Sent keeps the message id; Throttled waits the messenger's Retry-After
    /// (or a backoff); Transient backs off exponentially with jitter; both end Failed when the attempts are used up; Gone
    /// also marks the person's conversation inactive, so nothing more is sent there until they come back.
    /// Returns the delivery's new state, or null when the claim was no longer this node's (its lease ran out and another
    /// node took the row over): then nothing changed, except that a Sent outcome is always kept, since the message went out.
    /// </summary>
    public async Task<DeliveryState?> RecordAsync(DeliveryClaim claim, DeliveryOutcome outcome, CancellationToken ct = default)
    {
        var now = Now();
        var (state, notBefore, reason, messageId) = Decide(claim, outcome, now);

        await using var db = database.Open();
        var row = state == DeliveryState.Sent
            ? db.Deliveries.Where(d => d.Id == claim.Id && (d.State == DeliveryState.Sending || d.State == DeliveryState.Pending))
            : Held(db.Deliveries, claim);
        var changed = await row.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, state)
            .SetProperty(d => d.NotBefore, notBefore)
            .SetProperty(d => d.MessageId, d => messageId ?? d.MessageId)
            .SetProperty(d => d.LastOutcome, outcome.Kind)
            .SetProperty(d => d.LastStatus, outcome.StatusCode)
            .SetProperty(d => d.LastError, state == DeliveryState.Sent ? null : reason)
            .SetProperty(d => d.ClaimedBy, (string?)null)
            .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(d => d.UpdatedAt, now), ct);
        return await AfterRecordAsync(claim, outcome, state, reason, changed > 0, ct);
    }

    /// <summary>
    /// <see cref="RecordAsync"/> for many claims at once, each with the same rules and the same result (states in the order
    /// given, null for a claim no longer held). On PostgreSQL it is one UPDATE for all of them: a fan-out's outcomes cost a
    /// statement per group of sends that ended together instead of one per message. The statement is atomic: a crash or a
    /// failure records none of them, and each row comes back when its lease ends, as one unrecorded alone does.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryState?>> RecordManyAsync(IReadOnlyList<(DeliveryClaim Claim, DeliveryOutcome Outcome)> outcomes,
        CancellationToken ct = default)
    {
        if (outcomes.Count == 0) return [];
        if (database.Provider != DatabaseProvider.Postgres || outcomes.Count == 1)
        {
            // SQLite has one writer at a time: one statement or several, the rows are written one after the other.
            var one = new DeliveryState?[outcomes.Count];
            for (var i = 0; i < outcomes.Count; i++) one[i] = await RecordAsync(outcomes[i].Claim, outcomes[i].Outcome, ct);
            return one;
        }

        var now = Now();
        var decided = outcomes.Select(o => Decide(o.Claim, o.Outcome, now)).ToList();
        var ids = outcomes.Select(o => o.Claim.Id).ToArray();
        var states = decided.Select(d => d.State.ToString()).ToArray();
        var notBefore = decided.Select(d => d.NotBefore.ToUniversalTime()).ToArray();
        var messageIds = decided.Select(d => d.MessageId).ToArray();
        var kinds = outcomes.Select(o => o.Outcome.Kind.ToString()).ToArray();
        var statuses = outcomes.Select(o => o.Outcome.StatusCode).ToArray();
        var errors = decided.Select(d => d.State == DeliveryState.Sent ? null : d.Reason).ToArray();
        var nodes = outcomes.Select(o => o.Claim.ClaimedBy).ToArray();
        var attempts = outcomes.Select(o => o.Claim.Attempt).ToArray();
        var sending = nameof(DeliveryState.Sending);
        var pending = nameof(DeliveryState.Pending);
        var sent = nameof(DeliveryState.Sent);
        await using var db = database.Open();
        // The same conditions as RecordAsync, row by row: Sent is a fact and is kept unless the row ended otherwise meanwhile;
        // any other outcome only while this claim still holds the row (same node, same attempt, still Sending).
        var changed = (await db.Database.SqlQuery<Guid>($"""
                UPDATE "Deliveries" AS d SET
                  "State" = v.state, "NotBefore" = v.not_before, "MessageId" = COALESCE(v.message_id, d."MessageId"),
                  "LastOutcome" = v.outcome, "LastStatus" = v.status, "LastError" = v.error,
                  "ClaimedBy" = NULL, "LeaseUntil" = NULL, "UpdatedAt" = {now}
                FROM unnest({ids}, {states}, {notBefore}, {messageIds}, {kinds}, {statuses}, {errors}, {nodes}, {attempts})
                  AS v(id, state, not_before, message_id, outcome, status, error, node, attempt)
                WHERE d."Id" = v.id
                  AND CASE WHEN v.state = {sent} THEN d."State" IN ({sending}, {pending})
                           ELSE d."State" = {sending} AND d."ClaimedBy" = v.node AND d."Attempts" = v.attempt END
                RETURNING d."Id" AS "Value"
                """).ToListAsync(ct))
            .ToHashSet();

        var result = new DeliveryState?[outcomes.Count];
        for (var i = 0; i < outcomes.Count; i++)
        {
            var (claim, outcome) = outcomes[i];
            result[i] = await AfterRecordAsync(claim, outcome, decided[i].State, decided[i].Reason, changed.Contains(claim.Id), ct);
        }

        return result;
    }

    /// <summary>What a recorded outcome does beyond its row, and the state to report (null: the claim was lost).</summary>
    private async Task<DeliveryState?> AfterRecordAsync(DeliveryClaim claim, DeliveryOutcome outcome, DeliveryState state, string? reason, bool changed,
        CancellationToken ct)
    {
        if (outcome.Kind == DeliveryOutcomeKind.Gone)
        {
            // The messenger's word stands whether or not this node still held the row.
            await conversations.MarkInactiveAsync(claim.PersonId, claim.Channel, reason ?? "gone", ct);
        }

        if (!changed)
        {
            LogLostClaim(claim.Id, claim.ClaimedBy, claim.Attempt, outcome.Kind);
            return null;
        }

        return state;
    }

    /// <summary>The row an outcome leaves behind: its state, when it is due again, why (bounded), and the message id to keep.</summary>
    private (DeliveryState State, DateTimeOffset NotBefore, string? Reason, string? MessageId) Decide(DeliveryClaim claim, DeliveryOutcome outcome,
        DateTimeOffset now)
    {
        var reason = Text.Bounded(outcome.Reason, OkrModel.DeliveryErrorLength);
        var (state, notBefore) = outcome.Kind switch
        {
            DeliveryOutcomeKind.Sent => (DeliveryState.Sent, now),
            DeliveryOutcomeKind.Throttled or DeliveryOutcomeKind.Transient when claim.Attempt >= options.MaxAttempts => (DeliveryState.Failed, now),
            DeliveryOutcomeKind.Throttled => (DeliveryState.Pending, now + (outcome.RetryAfter ?? Backoff(claim.Attempt))),
            DeliveryOutcomeKind.Transient => (DeliveryState.Pending, now + Max(outcome.RetryAfter ?? TimeSpan.Zero, Backoff(claim.Attempt))),
            DeliveryOutcomeKind.Gone => (DeliveryState.Gone, now),
            DeliveryOutcomeKind.Cancelled => (DeliveryState.Cancelled, now),
            _ => (DeliveryState.Failed, now),
        };
        if (state == DeliveryState.Failed && outcome.Kind is DeliveryOutcomeKind.Throttled or DeliveryOutcomeKind.Transient)
            reason = Text.Bounded($"gave up after {claim.Attempt} attempts; last: {reason ?? outcome.Kind.ToString()}", OkrModel.DeliveryErrorLength);
        return (state, Microseconds(notBefore), reason, Text.Bounded(outcome.MessageId, OkrModel.UrlLength));
    }

    /// <summary>
    /// Gives a claimed delivery back untried (the bucket had no send slot for it, or the node is stopping): Pending again
    /// from <paramref name="notBefore"/>, and the claim does not count as an attempt.
    /// </summary>
    public async Task<bool> ReleaseAsync(DeliveryClaim claim, DateTimeOffset notBefore, CancellationToken ct = default)
    {
        var now = Now();
        var at = Microseconds(notBefore);
        await using var db = database.Open();
        return await Held(db.Deliveries, claim).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, DeliveryState.Pending)
            .SetProperty(d => d.NotBefore, at)
            .SetProperty(d => d.Attempts, d => d.Attempts - 1)
            .SetProperty(d => d.ClaimedBy, (string?)null)
            .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(d => d.UpdatedAt, now), ct) > 0;
    }

    /// <summary>
    /// The people claimed deliveries are for, with their tenant and their conversation on the bucket's channel, by person
    /// id. A person missing here was deleted or is not in the bucket's tenant.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, DeliveryRecipient>> RecipientsAsync(DeliveryBucket bucket, IReadOnlyCollection<Guid> personIds, CancellationToken ct = default)
    {
        var ids = personIds.Distinct().ToList();
        await using var db = database.Open();
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == bucket.TenantId, ct);
        if (tenant is null || ids.Count == 0) return new Dictionary<Guid, DeliveryRecipient>();
        var people = await db.People.AsNoTracking().Where(p => p.TenantId == bucket.TenantId && ids.Contains(p.Id)).ToListAsync(ct);
        var references = (await db.ConversationReferences.AsNoTracking()
                .Where(c => c.TenantId == bucket.TenantId && c.Channel == bucket.Channel && ids.Contains(c.PersonId))
                .ToListAsync(ct))
            .ToDictionary(c => c.PersonId);
        return people.ToDictionary(p => p.Id, p => new DeliveryRecipient(p, tenant, references.GetValueOrDefault(p.Id)));
    }

    /// <summary>A tenant's deliveries per kind, state and last outcome; only those of one period when given.</summary>
    public async Task<DeliveryCounts> CountsAsync(Guid tenantId, string? periodKey = null, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var rows = db.Deliveries.AsNoTracking().Where(d => d.TenantId == tenantId);
        if (periodKey is not null) rows = rows.Where(d => d.PeriodKey == periodKey);
        var counts = await rows
            .GroupBy(d => new { d.Kind, d.State, d.LastOutcome })
            .Select(g => new { g.Key.Kind, g.Key.State, g.Key.LastOutcome, Count = g.Count() })
            .ToListAsync(ct);
        return new DeliveryCounts(tenantId, [.. counts
            .Select(c => new DeliveryCount(c.Kind, c.State, c.LastOutcome, c.Count))
            .OrderBy(c => c.Kind).ThenBy(c => c.State).ThenBy(c => c.LastOutcome)]);
    }

    /// <summary>The counts of every tenant that has deliveries (of one period when given), for the operations view.</summary>
    public async Task<IReadOnlyList<(Tenant Tenant, DeliveryCounts Counts)>> CountsByTenantAsync(string? periodKey = null, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var rows = db.Deliveries.AsNoTracking();
        if (periodKey is not null) rows = rows.Where(d => d.PeriodKey == periodKey);
        var tenantIds = await rows.Select(d => d.TenantId).Distinct().ToListAsync(ct);
        var tenants = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id)).ToListAsync(ct);
        var result = new List<(Tenant, DeliveryCounts)>();
        foreach (var tenant in tenants.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase))
            result.Add((tenant, await CountsAsync(tenant.Id, periodKey, ct)));
        return result;
    }

    /// <summary>The kinds the rhythm plans in runs: one row per person for the same period (a week, a cycle).</summary>
    private static readonly DeliveryKind[] RunKinds =
    [
        DeliveryKind.CheckInPrompt, DeliveryKind.CheckInReminder, DeliveryKind.Escalation, DeliveryKind.ManagerDigest, DeliveryKind.MidCycleReview,
        DeliveryKind.ScoringPrompt, DeliveryKind.PlanningReminder, DeliveryKind.ResultsDigest,
    ];

    /// <summary>
    /// A tenant's most recent rhythm runs, newest first: per (kind, period), e.g. the check-in prompts of the week of
    /// 2026-11-16, how many deliveries are in each state, and when the run was first planned and last changed.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryRun>> RunsAsync(Guid tenantId, int max = 20, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var runs = await db.Deliveries.AsNoTracking()
            .Where(d => d.TenantId == tenantId && RunKinds.Contains(d.Kind))
            .GroupBy(d => new { d.Kind, d.PeriodKey })
            .Select(g => new { g.Key.Kind, g.Key.PeriodKey, First = g.Min(d => d.CreatedAt), Last = g.Max(d => d.UpdatedAt) })
            .ToListAsync(ct);
        var recent = runs.OrderByDescending(r => r.First).ThenBy(r => r.Kind).Take(Math.Clamp(max, 1, 500)).ToList();
        if (recent.Count == 0) return [];
        var kinds = recent.Select(r => r.Kind).Distinct().ToList();
        var periods = recent.Select(r => r.PeriodKey).Distinct().ToList();
        var counts = (await db.Deliveries.AsNoTracking()
                .Where(d => d.TenantId == tenantId && kinds.Contains(d.Kind) && periods.Contains(d.PeriodKey))
                .GroupBy(d => new { d.Kind, d.PeriodKey, d.State, d.LastOutcome })
                .Select(g => new { g.Key.Kind, g.Key.PeriodKey, g.Key.State, g.Key.LastOutcome, Count = g.Count() })
                .ToListAsync(ct))
            .ToLookup(c => (c.Kind, c.PeriodKey));
        return [.. recent.Select(r => new DeliveryRun(r.Kind, r.PeriodKey, r.First, r.Last, new DeliveryCounts(tenantId,
            [.. counts[(r.Kind, r.PeriodKey)].Select(c => new DeliveryCount(c.Kind, c.State, c.LastOutcome, c.Count))])))];
    }

    /// <summary>Rows of a bucket a claimer may take now.</summary>
    private static IQueryable<Delivery> Due(IQueryable<Delivery> rows, DeliveryBucket bucket, DateTimeOffset now, int maxAttempts) =>
        rows.Where(d => d.TenantId == bucket.TenantId && d.Channel == bucket.Channel
                        && (d.State == DeliveryState.Pending || (d.State == DeliveryState.Sending && d.Attempts < maxAttempts))
                        && d.NotBefore <= now);

    /// <summary>The row, if this claim still holds it: same node, same attempt, still Sending.</summary>
    private static IQueryable<Delivery> Held(IQueryable<Delivery> rows, DeliveryClaim claim) =>
        rows.Where(d => d.Id == claim.Id && d.State == DeliveryState.Sending && d.ClaimedBy == claim.ClaimedBy && d.Attempts == claim.Attempt);

    /// <summary>Rows whose node died holding them once too often (a message that crashes the sender, say) stop here.</summary>
    private async Task FailAbandonedAsync(DeliveryBucket bucket, DateTimeOffset now, CancellationToken ct)
    {
        var maxAttempts = options.MaxAttempts;
        var reason = $"claimed {maxAttempts} times and never reported back: the sending node died or hung each time";
        await using var db = database.Open();
        var failed = await db.Deliveries
            .Where(d => d.TenantId == bucket.TenantId && d.Channel == bucket.Channel && d.State == DeliveryState.Sending
                        && d.NotBefore <= now && d.Attempts >= maxAttempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, DeliveryState.Failed)
                .SetProperty(d => d.LastOutcome, DeliveryOutcomeKind.Abandoned)
                .SetProperty(d => d.LastError, reason)
                .SetProperty(d => d.ClaimedBy, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(d => d.UpdatedAt, now), ct);
        if (failed > 0) LogAbandoned(failed, bucket.Channel, bucket.TenantId, maxAttempts);
    }

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(options.MaxRetryDelay.TotalMilliseconds, options.BaseRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        // Equal jitter: half the ceiling for sure, the rest random, so a fan-out's failures do not come back in lockstep.
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private DateTimeOffset Now() => Microseconds(clock.GetUtcNow());

    private static DateTimeOffset Microseconds(DateTimeOffset instant) => DeliveryRateLimiter.Microseconds(instant);

    /// <summary>
    /// New rows in one statement (PostgreSQL): a planner run writes a thousand rows a page, and as one INSERT per row (what
    /// SaveChanges sends) they cost several times as much. The columns not named are those a new row leaves empty
    /// (claim, lease, outcome); the tests compare these rows with the ones SaveChanges writes.
    /// </summary>
    private static Task InsertAllAsync(OkrDbContext db, IReadOnlyList<Delivery> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToArray();
        var tenants = rows.Select(r => r.TenantId).ToArray();
        var people = rows.Select(r => r.PersonId).ToArray();
        var channels = rows.Select(r => r.Channel.ToString()).ToArray();
        var kinds = rows.Select(r => r.Kind.ToString()).ToArray();
        var periods = rows.Select(r => r.PeriodKey).ToArray();
        var payloads = rows.Select(r => r.Payload).ToArray();
        var states = rows.Select(r => r.State.ToString()).ToArray();
        var notBefore = rows.Select(r => r.NotBefore.ToUniversalTime()).ToArray();
        var attempts = rows.Select(r => r.Attempts).ToArray();
        var created = rows.Select(r => r.CreatedAt.ToUniversalTime()).ToArray();
        var updated = rows.Select(r => r.UpdatedAt.ToUniversalTime()).ToArray();
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Deliveries" ("Id", "TenantId", "PersonId", "Channel", "Kind", "PeriodKey", "Payload", "State", "NotBefore", "Attempts", "CreatedAt", "UpdatedAt")
            SELECT * FROM unnest({ids}, {tenants}, {people}, {channels}, {kinds}, {periods}, {payloads}, {states}, {notBefore}, {attempts}, {created}, {updated})
            """, ct);
    }

    private static Delivery NewRow(DeliveryRequest request, DateTimeOffset now) => new()
    {
        TenantId = request.TenantId, PersonId = request.PersonId, Channel = request.Channel, Kind = request.Kind,
        PeriodKey = request.PeriodKey, Payload = request.Payload, State = DeliveryState.Pending,
        NotBefore = Microseconds(request.NotBefore ?? now), CreatedAt = now, UpdatedAt = now,
    };

    private static (DeliveryKind, Guid, string) Key(DeliveryRequest r) => (r.Kind, r.PersonId, r.PeriodKey);

    private static void Validate(DeliveryRequest request)
    {
        if (request.TenantId == Guid.Empty || request.PersonId == Guid.Empty)
            throw new ArgumentException("A delivery needs a tenant and a person.", nameof(request));
        if (string.IsNullOrWhiteSpace(request.PeriodKey) || request.PeriodKey.Length > OkrModel.DeliveryPeriodKeyLength)
            throw new ArgumentException($"A delivery's period key has 1 to {OkrModel.DeliveryPeriodKeyLength} characters.", nameof(request));
        if (request.Payload is null) return;
        if (request.Payload.Length > OkrModel.DeliveryPayloadLength)
            throw new ArgumentException($"A delivery's payload has at most {OkrModel.DeliveryPayloadLength} characters.", nameof(request));
        try
        {
            using var _ = JsonDocument.Parse(request.Payload);
        }
        catch (JsonException e)
        {
            throw new ArgumentException("A delivery's payload must be JSON.", nameof(request), e);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Failed {Count} {Channel} deliveries of tenant {TenantId}: claimed {MaxAttempts} times and never reported back")]
    private partial void LogAbandoned(int count, Channel channel, Guid tenantId, int maxAttempts);

    [LoggerMessage(LogLevel.Information,
        "Outcome {Outcome} of delivery {DeliveryId} (attempt {Attempt}) not recorded: node {Node} no longer held it (its lease ran out and another node took it over)")]
    private partial void LogLostClaim(Guid deliveryId, string node, int attempt, DeliveryOutcomeKind outcome);
}
