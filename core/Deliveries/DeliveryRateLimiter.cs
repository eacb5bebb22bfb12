using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;

namespace OkrBot.Core.Deliveries;

/// <summary>
/// The send rate of each (channel, tenant), shared by every node through one <see cref="RateBucket"/> row. It is a token
/// bucket (<see cref="RateLimitOptions"/>: refill rate and capacity) kept in its virtual-scheduling form (GCRA): the row
/// holds the instant the next send is due at the steady rate, so taking N tokens is "read the row, move that instant on by
/// N intervals" in one conditional UPDATE that fails if another node moved it first (then read again and retry). That works
/// the same on PostgreSQL and SQLite, holds no lock across round trips, and costs two statements per batch of sends.
/// <para>
/// A node may reserve slots up to a horizon ahead, so it can ask once for a batch and start each send at its slot instead of
/// asking again for every message. Slots handed to different nodes never overlap: however many nodes send, any window of
/// t seconds holds at most <c>Capacity - 1 + RefillPerSecond * t</c> slots.
/// </para>
/// </summary>
public sealed class DeliveryRateLimiter(OkrDatabase database, DeliveryOptions options, TimeProvider clock)
{
    /// <summary>Lost races in a row before giving up for now (each is one other node's successful take).</summary>
    private const int MaxRaces = 32;

    /// <summary>
    /// Up to <paramref name="wanted"/> send slots in <paramref name="bucket"/> that start no later than
    /// <paramref name="horizon"/> from now. Start each send at its slot (the first ones may be now). Fewer slots than wanted
    /// (maybe none) means the bucket is booked beyond the horizon: come back at <see cref="RateGrant.RetryAt"/>.
    /// A slot that is not used is not given back; it is simply a moment nobody sends.
    /// </summary>
    public async Task<RateGrant> AcquireAsync(DeliveryBucket bucket, int wanted, TimeSpan horizon, CancellationToken ct = default)
    {
        var limit = options.LimitFor(bucket.Channel);
        var interval = IntervalOf(limit);
        var tolerance = interval * (limit.Capacity - 1);
        if (wanted <= 0) return new RateGrant([], Microseconds(clock.GetUtcNow()));

        for (var race = 0; race < MaxRaces; race++)
        {
            var now = Microseconds(clock.GetUtcNow());
            await using var db = database.Open();
            var stored = await db.RateBuckets.AsNoTracking()
                .Where(b => b.Channel == bucket.Channel && b.TenantId == bucket.TenantId)
                .Select(b => (DateTimeOffset?)b.NextSlotAt)
                .FirstOrDefaultAsync(ct);
            if (stored is null)
            {
                await CreateAsync(db, bucket, now, ct);
                continue;
            }

            var next = stored.Value > now ? stored.Value : now;
            var slots = new List<DateTimeOffset>();
            for (var i = 0; i < wanted; i++)
            {
                var slot = next + interval * i - tolerance;
                if (slot < now) slot = now;
                if (slot > now + horizon) break;
                slots.Add(slot);
            }

            if (slots.Count == 0) return new RateGrant([], next - tolerance);

            var moved = next + interval * slots.Count;
            var taken = await db.RateBuckets
                .Where(b => b.Channel == bucket.Channel && b.TenantId == bucket.TenantId && b.NextSlotAt == stored.Value)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.NextSlotAt, moved).SetProperty(b => b.UpdatedAt, now), ct);
            if (taken == 1)
            {
                var retryAt = moved - tolerance;
                return new RateGrant(slots, retryAt > now ? retryAt : now);
            }
        }

        // Many nodes raced for this bucket at once and this one lost every time: it has nothing to send for a moment.
        return new RateGrant([], Microseconds(clock.GetUtcNow()) + interval);
    }

    /// <summary>
    /// The messenger throttled the tenant (429 with Retry-After): no node gets a slot in <paramref name="bucket"/> before
    /// <paramref name="until"/>. Slots already handed out are not taken back (they end within the nodes' horizon).
    /// </summary>
    public async Task PauseAsync(DeliveryBucket bucket, DateTimeOffset until, CancellationToken ct = default)
    {
        var limit = options.LimitFor(bucket.Channel);
        // The first slot after the pause is at `until` itself, not up to a whole burst before it.
        var next = Microseconds(until) + IntervalOf(limit) * (limit.Capacity - 1);
        var now = Microseconds(clock.GetUtcNow());
        await using var db = database.Open();
        var moved = await db.RateBuckets
            .Where(b => b.Channel == bucket.Channel && b.TenantId == bucket.TenantId && b.NextSlotAt < next)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.NextSlotAt, next).SetProperty(b => b.UpdatedAt, now), ct);
        if (moved == 0) await CreateAsync(db, bucket, next, ct);
    }

    /// <summary>The time between two sends at the steady rate, in whole microseconds (PostgreSQL keeps no finer time).</summary>
    /// <summary>The steady time between two sends of a channel's buckets.</summary>
    public TimeSpan IntervalOf(Channel channel) => IntervalOf(options.LimitFor(channel));

    public static TimeSpan IntervalOf(RateLimitOptions limit)
    {
        var ticks = (long)Math.Ceiling(TimeSpan.TicksPerSecond / limit.RefillPerSecond);
        return TimeSpan.FromTicks((ticks + 9) / 10 * 10);
    }

    /// <summary>Creates the bucket's row unless it exists; a new bucket is full when <paramref name="next"/> is now.</summary>
    private async Task CreateAsync(OkrDbContext db, DeliveryBucket bucket, DateTimeOffset next, CancellationToken ct)
    {
        var now = Microseconds(clock.GetUtcNow());
        db.RateBuckets.Add(new RateBucket { Channel = bucket.Channel, TenantId = bucket.TenantId, NextSlotAt = next, UpdatedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Conflicts.IsUniqueViolation(e))
        {
            // Another node created it first; use theirs.
        }
    }

    internal static DateTimeOffset Microseconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % 10, TimeSpan.Zero);
}
