using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Delivery;

public sealed class DeliveryQueueOnPostgres() : DeliveryQueueTests(DatabaseProvider.Postgres);
public sealed class DeliveryQueueOnSqlite() : DeliveryQueueTests(DatabaseProvider.Sqlite);

/// <summary>Enqueue, claim, record and count, straight on the queue, on both stores.</summary>
public abstract class DeliveryQueueTests(DatabaseProvider provider) : StoreTests(provider)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private async Task<(DeliveryWorld World, Person Ada)> WorldAsync(Action<DeliveryOptions>? options = null)
    {
        var world = await DeliveryWorld.CreateAsync(Store, options: options);
        return (world, (await world.PeopleAsync(1))[0]);
    }

    [Fact]
    public async Task Runs_group_a_tenants_rhythm_deliveries_by_kind_and_period_newest_first()
    {
        var w = await DeliveryWorld.CreateAsync(Store);
        var people = await w.PeopleAsync(3);
        await w.EnqueuePromptsAsync(people, "2026-11-09");
        w.Clock.Advance(TimeSpan.FromDays(7));
        await w.EnqueuePromptsAsync(people.Take(2), "2026-11-16");
        await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[0], "2026-11-16", DeliveryKind.ManagerDigest));
        // An alert is a one-off, not a run.
        await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[1], Guid.NewGuid().ToString("N"), DeliveryKind.AtRiskAlert));

        var runs = await w.Queue.RunsAsync(w.Tenant.Id);

        Assert.Equal([("CheckInPrompt", "2026-11-16", 2), ("ManagerDigest", "2026-11-16", 1), ("CheckInPrompt", "2026-11-09", 3)],
            runs.Select(r => (r.Kind.ToString(), r.PeriodKey, r.Counts.InState(DeliveryState.Pending))));
        Assert.Equal(DeliveryWorld.Start.AddDays(7), runs[0].FirstPlannedAt);
        Assert.Single(await w.Queue.RunsAsync(w.Tenant.Id, max: 1));
    }

    [Fact]
    public async Task Enqueueing_the_same_delivery_twice_keeps_one_row_and_says_so()
    {
        var (w, ada) = await WorldAsync();

        var first = await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada));
        var second = await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada) with { Payload = """{"other":true}""" });
        var nextWeek = await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada, "2026-11-23"));

        Assert.True(first.Created);
        Assert.Equal(new EnqueueResult(first.Id, false), second);
        Assert.True(nextWeek.Created);
        var rows = await w.RowsAsync();
        Assert.Equal(2, rows.Count);
        Assert.Null(rows.Single(r => r.Id == first.Id).Payload);
    }

    [Fact]
    public async Task Eight_concurrent_enqueues_of_one_delivery_make_one_row()
    {
        var (w, ada) = await WorldAsync();
        var queues = Enumerable.Range(0, 8).Select(_ => w.NewQueue()).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var enqueues = queues.Select(q => Task.Run(async () =>
        {
            await go.Task;
            return await q.EnqueueAsync(DeliveryWorld.Prompt(ada));
        })).ToList();
        go.SetResult();
        var results = await Task.WhenAll(enqueues);

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Single(await w.RowsAsync());
    }

    [Fact]
    public async Task Enqueueing_many_finds_the_ones_already_there_and_inserts_the_rest_once()
    {
        var (w, _) = await WorldAsync();
        var people = await w.PeopleAsync(3);
        var existing = await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[0]));

        var results = await w.Queue.EnqueueManyAsync(
            [DeliveryWorld.Prompt(people[0]), DeliveryWorld.Prompt(people[1]), DeliveryWorld.Prompt(people[2]), DeliveryWorld.Prompt(people[1])]);

        Assert.Equal([false, true, true, false], results.Select(r => r.Created));
        Assert.Equal(existing.Id, results[0].Id);
        Assert.Equal(results[1].Id, results[3].Id);
        Assert.Equal(3, (await w.RowsAsync()).Count);
    }

    [Fact]
    public async Task A_payload_that_is_not_json_or_an_empty_period_is_refused_before_anything_is_written()
    {
        var (w, ada) = await WorldAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada) with { Payload = "{not json" }));
        await Assert.ThrowsAsync<ArgumentException>(() => w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada, " ")));
        await Assert.ThrowsAsync<ArgumentException>(() => w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada) with { Payload = $"\"{new string('x', 4000)}\"" }));
        Assert.Empty(await w.RowsAsync());
    }

    [Fact]
    public async Task A_payload_round_trips_to_the_claim()
    {
        var (w, ada) = await WorldAsync();
        var alert = new AlertPayload(Guid.NewGuid(), "Supplier late", Guid.NewGuid());
        await w.Queue.EnqueueAsync((DeliveryWorld.Prompt(ada, "alert-" + Guid.NewGuid(), DeliveryKind.AtRiskAlert)).WithPayload(alert));

        var claim = Assert.Single(await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease));

        Assert.Equal(alert, claim.PayloadAs<AlertPayload>());
    }

    [Fact]
    public async Task Deliveries_are_not_audited()
    {
        var (w, ada) = await WorldAsync();
        await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada));
        await using var db = Store.Database.Open();

        Assert.Empty(await db.AuditEntries.Where(a => a.Entity == nameof(Core.Model.Delivery)).ToListAsync());
    }

    [Fact]
    public async Task A_claim_takes_only_due_rows_oldest_first_and_holds_them_for_its_lease()
    {
        var (w, _) = await WorldAsync();
        var people = await w.PeopleAsync(3);
        var now = w.Clock.GetUtcNow();
        var later = await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[0]) with { NotBefore = now.AddMinutes(5) });
        var older = await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[1]) with { NotBefore = now.AddMinutes(-2) });
        var due = await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[2]));

        var claims = await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease);
        var again = await w.NewQueue().ClaimDueAsync("node-b", w.Bucket, 10, Lease);

        Assert.Equal([older.Id, due.Id], claims.Select(c => c.Id));
        Assert.All(claims, c => Assert.Equal((1, "node-a", now + Lease), (c.Attempt, c.ClaimedBy, c.LeaseUntil)));
        Assert.Empty(again);
        var row = await w.RowAsync(due.Id);
        Assert.Equal((DeliveryState.Sending, "node-a", 1), (row.State, row.ClaimedBy, row.Attempts));
        Assert.Equal(DeliveryState.Pending, (await w.RowAsync(later.Id)).State);
    }

    [Fact]
    public async Task A_row_whose_lease_ran_out_is_claimed_again_and_the_first_nodes_late_report_is_ignored()
    {
        var (w, ada) = await WorldAsync();
        var id = (await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada))).Id;
        var dead = Assert.Single(await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease));

        w.Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await w.Queue.ClaimDueAsync("node-b", w.Bucket, 10, Lease));
        w.Clock.Advance(TimeSpan.FromSeconds(1));
        var takeover = Assert.Single(await w.Queue.ClaimDueAsync("node-b", w.Bucket, 10, Lease));

        Assert.Equal((id, 2, "node-b"), (takeover.Id, takeover.Attempt, takeover.ClaimedBy));
        Assert.Null(await w.Queue.RecordAsync(dead, DeliveryOutcome.Transient("late")));
        Assert.False(await w.Queue.ReleaseAsync(dead, w.Clock.GetUtcNow()));
        Assert.Equal((DeliveryState.Sending, "node-b"), ((await w.RowAsync(id)).State, (await w.RowAsync(id)).ClaimedBy));
        Assert.Equal(DeliveryState.Sent, await w.Queue.RecordAsync(takeover, DeliveryOutcome.Sent("m-2")));
    }

    [Fact]
    public async Task A_late_Sent_report_is_kept_because_the_message_did_go_out()
    {
        var (w, ada) = await WorldAsync();
        var id = (await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada))).Id;
        var slow = Assert.Single(await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease));
        w.Clock.Advance(Lease);
        var takeover = Assert.Single(await w.Queue.ClaimDueAsync("node-b", w.Bucket, 10, Lease));

        Assert.Equal(DeliveryState.Sent, await w.Queue.RecordAsync(slow, DeliveryOutcome.Sent("m-1")));
        Assert.Null(await w.Queue.RecordAsync(takeover, DeliveryOutcome.Sent("m-2")));

        var row = await w.RowAsync(id);
        Assert.Equal((DeliveryState.Sent, "m-1", (string?)null), (row.State, row.MessageId, row.ClaimedBy));
    }

    [Fact]
    public async Task Sent_keeps_the_message_id_and_clears_the_lease()
    {
        var (w, ada) = await WorldAsync();
        var id = (await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada))).Id;
        var claim = Assert.Single(await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease));

        Assert.Equal(DeliveryState.Sent, await w.Queue.RecordAsync(claim, DeliveryOutcome.Sent("1:activity-9", 201)));

        var row = await w.RowAsync(id);
        Assert.Equal((DeliveryState.Sent, "1:activity-9", DeliveryOutcomeKind.Sent, 201, (string?)null, (DateTimeOffset?)null),
            (row.State, row.MessageId, row.LastOutcome, row.LastStatus, row.ClaimedBy, row.LeaseUntil));
    }

    [Fact]
    public async Task Throttled_waits_exactly_the_Retry_After_and_transient_backs_off_with_jitter()
    {
        var (w, _) = await WorldAsync();
        var people = await w.PeopleAsync(2);
        var throttled = (await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[0]))).Id;
        var transient = (await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[1]))).Id;
        var claims = await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease);
        var now = w.Clock.GetUtcNow();

        Assert.Equal(DeliveryState.Pending, await w.Queue.RecordAsync(claims.Single(c => c.Id == throttled), DeliveryOutcome.Throttled(TimeSpan.FromSeconds(7))));
        Assert.Equal(DeliveryState.Pending, await w.Queue.RecordAsync(claims.Single(c => c.Id == transient), DeliveryOutcome.Transient("503", 503)));

        var t = await w.RowAsync(throttled);
        Assert.Equal((now.AddSeconds(7), DeliveryOutcomeKind.Throttled, 429), (t.NotBefore, t.LastOutcome, t.LastStatus));
        var b = await w.RowAsync(transient);
        // Base 10 s, first try: between half and all of it.
        Assert.InRange(b.NotBefore, now.AddSeconds(5), now.AddSeconds(10));
        Assert.Equal((DeliveryOutcomeKind.Transient, 503, "503"), (b.LastOutcome, b.LastStatus, b.LastError));
    }

    [Fact]
    public async Task When_the_attempts_run_out_a_retryable_delivery_ends_Failed()
    {
        var (w, ada) = await WorldAsync(o => o.MaxAttempts = 3);
        var id = (await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada))).Id;

        var states = new List<DeliveryState?>();
        for (var i = 0; i < 3; i++)
        {
            var claim = Assert.Single(await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease));
            states.Add(await w.Queue.RecordAsync(claim, DeliveryOutcome.Transient("the connection failed")));
            w.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal([DeliveryState.Pending, DeliveryState.Pending, DeliveryState.Failed], states);
        var row = await w.RowAsync(id);
        Assert.Equal((DeliveryState.Failed, 3), (row.State, row.Attempts));
        Assert.Contains("gave up after 3 attempts", row.LastError);
        Assert.Empty(await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease));
    }

    [Fact]
    public async Task A_row_whose_node_dies_every_time_ends_Failed_as_abandoned()
    {
        var (w, ada) = await WorldAsync(o => o.MaxAttempts = 2);
        var id = (await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada))).Id;

        Assert.Single(await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease));
        w.Clock.Advance(Lease);
        Assert.Single(await w.Queue.ClaimDueAsync("node-b", w.Bucket, 10, Lease));
        w.Clock.Advance(Lease);
        Assert.Empty(await w.Queue.ClaimDueAsync("node-c", w.Bucket, 10, Lease));

        var row = await w.RowAsync(id);
        Assert.Equal((DeliveryState.Failed, DeliveryOutcomeKind.Abandoned), (row.State, row.LastOutcome));
    }

    [Fact]
    public async Task Gone_marks_the_persons_conversation_inactive()
    {
        var (w, ada) = await WorldAsync();
        var id = (await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada))).Id;
        var claim = Assert.Single(await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease));

        Assert.Equal(DeliveryState.Gone, await w.Queue.RecordAsync(claim, DeliveryOutcome.Gone("ConversationBlockedByUser", 403)));

        var reference = await w.Conversations.FindAsync(w.Tenant.Id, ada.Id, Channel.Teams);
        Assert.Equal((false, "ConversationBlockedByUser"), (reference!.IsActive, reference.InactiveReason));
        Assert.Equal(DeliveryState.Gone, (await w.RowAsync(id)).State);
    }

    [Fact]
    public async Task A_released_claim_waits_until_told_and_does_not_count_as_an_attempt()
    {
        var (w, ada) = await WorldAsync();
        var id = (await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada))).Id;
        var claim = Assert.Single(await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease));
        var at = w.Clock.GetUtcNow().AddSeconds(3);

        Assert.True(await w.Queue.ReleaseAsync(claim, at));

        var row = await w.RowAsync(id);
        Assert.Equal((DeliveryState.Pending, 0, at, (string?)null), (row.State, row.Attempts, row.NotBefore, row.ClaimedBy));
        Assert.Empty(await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease));
        w.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, Assert.Single(await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease)).Attempt);
    }

    [Fact]
    public async Task The_planner_can_withdraw_a_waiting_delivery_but_not_one_in_flight()
    {
        var (w, _) = await WorldAsync();
        var people = await w.PeopleAsync(2);
        var waiting = await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[0]) with { NotBefore = w.Clock.GetUtcNow().AddHours(1) });
        await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[1]));
        Assert.Single(await w.Queue.ClaimDueAsync("node-a", w.Bucket, 10, Lease));

        Assert.True(await w.Queue.CancelAsync(DeliveryKind.CheckInPrompt, people[0].Id, "2026-11-16", "checked in already"));
        Assert.False(await w.Queue.CancelAsync(DeliveryKind.CheckInPrompt, people[1].Id, "2026-11-16", "checked in already"));

        var row = await w.RowAsync(waiting.Id);
        Assert.Equal((DeliveryState.Cancelled, "checked in already"), (row.State, row.LastError));
    }

    [Fact]
    public async Task Concurrent_claimers_never_take_the_same_row()
    {
        var (w, _) = await WorldAsync();
        var people = await w.PeopleAsync(60);
        await w.EnqueuePromptsAsync(people);
        var nodes = Enumerable.Range(0, 6).Select(i => (Node: $"node-{i}", Queue: w.NewQueue())).ToList();

        var claimed = await Task.WhenAll(nodes.Select(n => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            while (await n.Queue.ClaimDueAsync(n.Node, w.Bucket, 4, Lease) is { Count: > 0 } claims) mine.AddRange(claims.Select(c => c.Id));
            return mine;
        })));

        var all = claimed.SelectMany(c => c).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Distinct().Count());
    }

    [Fact]
    public async Task Due_buckets_and_the_next_due_time_see_open_rows_only()
    {
        var (w, _) = await WorldAsync();
        var people = await w.PeopleAsync(2);
        Assert.Empty(await w.Queue.DueBucketsAsync());
        Assert.Null(await w.Queue.NextDueAsync());
        var soon = w.Clock.GetUtcNow().AddMinutes(3);
        await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[0]) with { NotBefore = soon });

        Assert.Empty(await w.Queue.DueBucketsAsync());
        Assert.Equal(soon, await w.Queue.NextDueAsync());
        await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[1]));
        Assert.Equal([w.Bucket], await w.Queue.DueBucketsAsync());
    }

    [Fact]
    public async Task Counts_per_state_and_kind_show_what_operations_needs()
    {
        var (w, _) = await WorldAsync();
        var people = await w.PeopleAsync(5);
        await w.EnqueuePromptsAsync(people);
        await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[0], "2026-11-16", DeliveryKind.ManagerDigest) with { NotBefore = w.Clock.GetUtcNow().AddMinutes(1) });
        var claims = await w.Queue.ClaimDueAsync("node-a", w.Bucket, 4, Lease);
        await w.Queue.RecordAsync(claims[0], DeliveryOutcome.Sent("m"));
        await w.Queue.RecordAsync(claims[1], DeliveryOutcome.Throttled(TimeSpan.FromSeconds(1)));
        await w.Queue.RecordAsync(claims[2], DeliveryOutcome.Gone("BotDisabledByAdmin", 403));

        var counts = await w.Queue.CountsAsync(w.Tenant.Id);

        Assert.Equal(6, counts.Total);
        Assert.Equal(1, counts.InState(DeliveryState.Sent));
        Assert.Equal(1, counts.InState(DeliveryState.Gone));
        Assert.Equal(1, counts.InState(DeliveryState.Sending));
        Assert.Equal(3, counts.InState(DeliveryState.Pending));
        Assert.Equal(1, counts.Throttled);
        Assert.Equal(1, counts.Of(DeliveryKind.ManagerDigest, DeliveryState.Pending));
        Assert.Equal(0, counts.ByState[DeliveryState.Failed]);
        Assert.Equal(0, (await w.Queue.CountsAsync(w.Tenant.Id, "2026-11-23")).Total);
        Assert.Equal(0, (await w.Queue.CountsAsync(Guid.NewGuid())).Total);
    }

    private sealed record AlertPayload(Guid KeyResultId, string Reason, Guid RaisedBy);
}
