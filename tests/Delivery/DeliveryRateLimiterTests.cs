using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Delivery;

public sealed class DeliveryRateLimiterOnPostgres() : DeliveryRateLimiterTests(DatabaseProvider.Postgres);
public sealed class DeliveryRateLimiterOnSqlite() : DeliveryRateLimiterTests(DatabaseProvider.Sqlite);

/// <summary>The shared token bucket: what one ask gets, and that many nodes asking together stay within the rate.</summary>
public abstract class DeliveryRateLimiterTests(DatabaseProvider provider) : StoreTests(provider)
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void The_defaults_keep_just_under_the_published_per_tenant_limits_with_no_burst_on_top()
    {
        var options = new DeliveryOptions();

        // 96 % of each published limit: sends at the limit draw a 429 now and then from timing jitter alone.
        Assert.Equal((48.0, 1), (options.LimitFor(Channel.Teams).RefillPerSecond, options.LimitFor(Channel.Teams).Capacity));
        // Feishu: 50/s but also 1,000/min; the per-minute limit is the one a fan-out meets.
        Assert.Equal(1000.0 / 60 * 0.96, options.LimitFor(Channel.Feishu).RefillPerSecond, 6);
        // Fifty sends span more than a second, with room for 20 ms of jitter.
        Assert.True(DeliveryRateLimiter.IntervalOf(options.Limits.Teams) * 49 > TimeSpan.FromMilliseconds(1020));
    }

    [Fact]
    public async Task A_full_bucket_grants_its_capacity_at_once_then_one_slot_per_interval_up_to_the_horizon()
    {
        var w = await DeliveryWorld.CreateAsync(Store, options: o => o.Limits.Teams = new RateLimitOptions { RefillPerSecond = 10, Capacity = 3 });
        var limiter = w.NewLimiter();
        var t0 = w.Clock.GetUtcNow();

        var first = await limiter.AcquireAsync(w.Bucket, 10, TimeSpan.FromSeconds(1));
        var second = await w.NewLimiter().AcquireAsync(w.Bucket, 5, TimeSpan.FromSeconds(1));

        Assert.Equal([0, 0, 0, 100, 200, 300, 400, 500, 600, 700], first.Slots.Select(s => (s - t0) / Ms));
        Assert.Equal(t0.AddMilliseconds(800), first.RetryAt);
        // The second node's slots follow the first node's without overlap, as far as the horizon.
        Assert.Equal([800, 900, 1000], second.Slots.Select(s => (s - t0) / Ms));
        Assert.Equal(t0.AddMilliseconds(1100), second.RetryAt);
    }

    [Fact]
    public async Task With_no_horizon_a_node_gets_only_what_the_bucket_holds_now_and_when_to_come_back()
    {
        var w = await DeliveryWorld.CreateAsync(Store, options: o => o.Limits.Teams = new RateLimitOptions { RefillPerSecond = 50 });
        var limiter = w.NewLimiter();
        var t0 = w.Clock.GetUtcNow();

        Assert.Equal([t0], (await limiter.AcquireAsync(w.Bucket, 5, TimeSpan.Zero)).Slots);
        var empty = await limiter.AcquireAsync(w.Bucket, 5, TimeSpan.Zero);
        Assert.Empty(empty.Slots);
        Assert.Equal(t0.AddMilliseconds(20), empty.RetryAt);
        w.Clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Single((await limiter.AcquireAsync(w.Bucket, 5, TimeSpan.Zero)).Slots);
        // A quiet spell refills the bucket to its capacity (1), no more.
        w.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Single((await limiter.AcquireAsync(w.Bucket, 5, TimeSpan.Zero)).Slots);
    }

    [Fact]
    public async Task A_pause_moves_the_next_slot_to_its_end_and_never_brings_it_earlier()
    {
        var w = await DeliveryWorld.CreateAsync(Store, options: o => o.Limits.Teams = new RateLimitOptions { RefillPerSecond = 10, Capacity = 3 });
        var limiter = w.NewLimiter();
        var t0 = w.Clock.GetUtcNow();

        await limiter.PauseAsync(w.Bucket, t0.AddSeconds(7));
        await limiter.PauseAsync(w.Bucket, t0.AddSeconds(2));
        var grant = await limiter.AcquireAsync(w.Bucket, 3, TimeSpan.FromSeconds(10));

        Assert.Equal([7000, 7100, 7200], grant.Slots.Select(s => (s - t0) / Ms));
    }

    [Fact]
    public async Task Buckets_of_different_tenants_do_not_share_a_rate()
    {
        var w = await DeliveryWorld.CreateAsync(Store);
        var other = await Org.CreateAsync(Store, "Fabrikam");
        var limiter = w.NewLimiter();

        await limiter.AcquireAsync(w.Bucket, 1, TimeSpan.Zero);

        Assert.Single((await limiter.AcquireAsync(new DeliveryBucket(Channel.Teams, other.Tenant.Id), 1, TimeSpan.Zero)).Slots);
        Assert.Empty((await limiter.AcquireAsync(w.Bucket, 1, TimeSpan.Zero)).Slots);
    }

    [Fact]
    public async Task Nodes_asking_at_once_while_time_passes_never_get_more_than_the_rate_in_any_second()
    {
        var w = await DeliveryWorld.CreateAsync(Store);
        var t0 = w.Clock.GetUtcNow();
        // SQLite is the single-node embedded store: two callers show its writes are safe; PostgreSQL gets five nodes.
        var nodes = Enumerable.Range(0, Provider == DatabaseProvider.Postgres ? 5 : 2).Select(_ => w.NewLimiter()).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each node asks for a random batch with a random horizon, then lets a little time pass (for everyone).
        var asking = nodes.Select((limiter, i) => Task.Run(async () =>
        {
            await go.Task;
            var random = new Random(i);
            var slots = new List<DateTimeOffset>();
            for (var ask = 0; ask < 60; ask++)
            {
                slots.AddRange((await limiter.AcquireAsync(w.Bucket, random.Next(1, 30), TimeSpan.FromMilliseconds(random.Next(0, 1500)))).Slots);
                w.Clock.Advance(TimeSpan.FromMilliseconds(random.Next(0, 40)));
            }

            return slots;
        })).ToList();
        go.SetResult();
        var grants = await Task.WhenAll(asking);

        var all = grants.SelectMany(g => g).Order().ToList();
        Assert.All(grants, g => Assert.NotEmpty(g));
        // Capacity 1: consecutive slots at least one interval apart, so any second holds at most 50.
        for (var i = 1; i < all.Count; i++) Assert.True(all[i] - all[i - 1] >= TimeSpan.FromMilliseconds(20), $"slots {all[i - 1]:O} and {all[i]:O}");
        Assert.All(all.GroupBy(s => (long)((s - t0) / TimeSpan.FromSeconds(1))), second => Assert.InRange(second.Count(), 1, 50));
    }
}
