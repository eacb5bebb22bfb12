using OkrBot.Core.Model;

namespace OkrBot.Core.Deliveries;

/// <summary>The "Delivery" configuration section: how deliveries are retried and how fast each messenger is sent to.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>
    /// Tries per delivery, the first included. Every claim counts (a throttled try, or a node that died holding it, too);
    /// when they run out the delivery ends Failed.
    /// </summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first backoff after a transient failure; each further try doubles it, with jitter.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Upper bound of one backoff.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The send rate of each messenger ("Delivery:Limits:Teams", "Delivery:Limits:Feishu").</summary>
    public RateLimits Limits { get; set; } = new();

    public RateLimitOptions LimitFor(Channel channel) => channel switch
    {
        Channel.Feishu => Limits.Feishu,
        _ => Limits.Teams,
    };
}

/// <summary>Per messenger, the per-tenant send limit the dispatchers of all nodes keep to together.</summary>
public sealed class RateLimits
{
    /// <summary>
    /// How much of a published limit the dispatchers use. A limit of 50 in any second is met by 50 sends spaced evenly
    /// over 980 ms (49 gaps), so sending at 49/s already leaves no room, and sends reach the messenger a few milliseconds
    /// after their slot by varying amounts: now and then a second holds one too many, the messenger answers 429, and the
    /// whole tenant is held off for a second. At 96 % fifty sends span 1,021 ms, room for 20 ms of jitter, which is what
    /// the fan-out benchmark needed on a busy two-core machine: 0.88 of the limit at 97 % (25 429s in 5,000 sends), 0.96
    /// at 96 % (none); bench/README.md.
    /// </summary>
    public const double PublishedLimitShare = 0.96;

    /// <summary>
    /// Microsoft Teams: 50 requests per second per app per tenant (PROTOCOLS.md §1), less the margin. One message per
    /// person never hits the per-conversation limits, so a fan-out is bounded by this one.
    /// </summary>
    public RateLimitOptions Teams { get; set; } = new() { RefillPerSecond = 50 * PublishedLimitShare };

    /// <summary>
    /// Feishu/Lark: 50 per second and 1,000 per minute per app per tenant (PROTOCOLS.md §2), less the margin. Sustained,
    /// the per-minute limit is the tighter one (16.7 a second); at 50 a second a fan-out would be refused after 20 seconds.
    /// </summary>
    public RateLimitOptions Feishu { get; set; } = new() { RefillPerSecond = 1000.0 / 60 * PublishedLimitShare };
}

/// <summary>
/// One token bucket per (channel, tenant), shared by all nodes: it refills at <see cref="RefillPerSecond"/> and holds at
/// most <see cref="Capacity"/> tokens.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Sends per second, sustained: the messenger's published per-tenant limit.</summary>
    public double RefillPerSecond { get; set; }

    /// <summary>
    /// How many sends may go out at once after a quiet spell. Any window of t seconds sees at most
    /// <c>Capacity - 1 + RefillPerSecond * t</c> sends, so 1 (the default) keeps every second within the published limit;
    /// a bucket holding a second's worth would let nearly twice the limit through in its first second. Nodes do not need a
    /// burst: the limiter hands them send slots ahead of time, spaced one interval apart.
    /// </summary>
    public int Capacity { get; set; } = 1;

    public bool IsValid => RefillPerSecond is > 0 and <= 100_000 && Capacity is >= 1 and <= 100_000;
}
