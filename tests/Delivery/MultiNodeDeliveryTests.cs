using System.Diagnostics;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Delivery;

/// <summary>
/// Several dispatchers (nodes) on one PostgreSQL database at once: every delivery sent once, a node that dies loses
/// nothing, and together they keep to the tenant's rate.
/// </summary>
public sealed class MultiNodeDeliveryOnPostgres() : StoreTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Two_dispatchers_running_at_once_deliver_500_rows_each_exactly_once()
    {
        await using var fake = await FakeConnector.StartAsync();
        using var http = fake.CreateHttpClient();
        var w = await DeliveryWorld.CreateAsync(Store);
        var people = await w.PeopleAsync(500);
        await w.EnqueuePromptsAsync(people);
        var nodes = new[] { "node-a", "node-b" }
            .Select(n => w.Dispatcher(w.TeamsSender(fake, http), n, options: o => o.Lease = TimeSpan.FromMinutes(30)))
            .ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var runs = nodes.Select(node => Task.Run(async () =>
        {
            await go.Task;
            var total = DispatchReport.Empty;
            while (await w.Queue.NextDueAsync() is not null) total += await node.RunOnceAsync(CancellationToken.None);
            return total;
        })).ToList();
        go.SetResult();
        var reports = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(2));

        var sends = fake.ConnectorRequests.Where(r => r.Route == FakeRoute.SendToConversation).ToList();
        Assert.Equal(500, sends.Count);
        Assert.Equal(people.Select(DeliveryWorld.ConversationOf).Order(), sends.Select(s => s.ConversationId!).Order());
        Assert.Equal(500, reports.Sum(r => r.Sent));
        Assert.All(reports, r => Assert.True(r.Sent > 0, "both nodes sent a share"));
        var rows = await w.RowsAsync();
        Assert.All(rows, r => Assert.Equal((DeliveryState.Sent, 1), (r.State, r.Attempts)));
        Assert.Equal(500, rows.Select(r => r.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task A_dispatcher_that_dies_mid_send_loses_nothing_and_only_its_in_flight_sends_go_out_twice()
    {
        var w = await DeliveryWorld.CreateAsync(Store);
        var people = await w.PeopleAsync(60);
        await w.EnqueuePromptsAsync(people);
        using var kill = new CancellationTokenSource();
        // Node A hangs inside its sends, as a process frozen (or killed) after the requests went out but before it recorded them.
        var hung = new RecordingSender(w.Clock, async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new UnreachableException();
        });
        var nodeA = w.Dispatcher(hung, "node-a", options: o => (o.BatchSize, o.MaxConcurrentSends) = (20, 3));
        var runA = nodeA.RunOnceAsync(kill.Token);
        await WaitUntilAsync(() => hung.Calls.Count == 3);

        var healthy = new RecordingSender(w.Clock);
        var nodeB = w.Dispatcher(healthy, "node-b");
        // A holds its batch and the next one, which it claimed and made while the first waited for its slots.
        var whileAHolds = await nodeB.RunOnceAsync(CancellationToken.None);
        Assert.Equal(20, whileAHolds.Sent);
        Assert.DoesNotContain(healthy.Calls, c => hung.Calls.Any(h => h.DeliveryId == c.DeliveryId));

        w.Clock.Advance(TimeSpan.FromMinutes(2));
        var afterLease = await nodeB.RunOnceAsync(CancellationToken.None);
        Assert.Equal(40, afterLease.Sent);

        var all = (await w.RowsAsync()).Select(r => r.Id).ToHashSet();
        var sentByB = healthy.Calls.Select(c => c.DeliveryId).ToList();
        Assert.Equal(all.Order(), sentByB.Order());
        var twice = hung.Calls.Select(c => c.DeliveryId).Intersect(sentByB).ToList();
        Assert.Equal(3, twice.Count);

        // The frozen node coming back to life changes nothing: its claims are gone, its reports are ignored.
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runA);
        Assert.All(await w.RowsAsync(), r => Assert.Equal(DeliveryState.Sent, r.State));
        Assert.Equal(3, hung.Calls.Count);
    }

    [Fact]
    public async Task Three_dispatchers_together_never_send_more_than_the_rate_in_any_second_and_use_most_of_it()
    {
        const int rate = 20;
        const int rows = 120;
        var clock = new TimerClock(DeliveryWorld.Start) { AutoAdvance = false };
        var w = await DeliveryWorld.CreateAsync(Store, clock, o => o.Limits.Teams = new RateLimitOptions { RefillPerSecond = rate, Capacity = 1 });
        await w.EnqueuePromptsAsync(await w.PeopleAsync(rows));
        var senders = Enumerable.Range(0, 3).Select(_ => new RecordingSender(clock)).ToList();
        var nodes = senders.Select((s, i) => w.Dispatcher(s, $"node-{i}", options: o => o.PollInterval = TimeSpan.FromMilliseconds(200))).ToList();
        using var stop = new CancellationTokenSource();

        // Each node runs the worker's loop: dispatch, then sleep on the clock.
        var loops = nodes.Select(node => Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await node.RunOnceAsync(stop.Token);
                    await Task.Delay(TimeSpan.FromMilliseconds(200), clock, stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        })).ToList();

        // Move time only while every node is asleep on the clock, so each send happens exactly at the time it was allowed.
        var waited = Stopwatch.StartNew();
        while (senders.Sum(s => s.Calls.Count) < rows)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(2), $"stuck after {senders.Sum(s => s.Calls.Count)} sends");
            if (clock.PendingTimers < nodes.Count)
            {
                await Task.Delay(1);
                continue;
            }

            clock.Advance(TimeSpan.FromMilliseconds(5));
        }

        await stop.CancelAsync();
        await Task.WhenAll(loops);

        var times = senders.SelectMany(s => s.Calls.Select(c => c.At)).Order().ToList();
        Assert.Equal(rows, senders.SelectMany(s => s.Calls.Select(c => c.DeliveryId)).Distinct().Count());
        Assert.True(senders.Count(s => !s.Calls.IsEmpty) >= 2, "the work was shared");
        for (var i = rate; i < times.Count; i++)
            Assert.True(times[i] - times[i - rate] >= TimeSpan.FromSeconds(1), $"{rate + 1} sends within a second, ending {times[i]:O}");
        // Used, not just respected: the whole run took little more than rows / rate seconds.
        Assert.InRange(times[^1] - times[0], TimeSpan.FromSeconds((rows - 1.0) / rate), TimeSpan.FromSeconds(rows / (rate * 0.95)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("The condition never held.");
            await Task.Delay(10);
        }
    }
}
