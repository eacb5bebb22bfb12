using System.Text.Json;
using OkrBot.Core.Model;

namespace OkrBot.Core.Deliveries;

/// <summary>One message the planner wants sent: unique per (kind, person, period).</summary>
/// <param name="PeriodKey">Which occurrence: the Monday of the week ("2026-11-16"), the cycle id, or a unique id for a one-off.</param>
/// <param name="Payload">Small JSON (at most 4,000 characters) with what the view needs that the store does not hold.</param>
/// <param name="NotBefore">Not sent before this instant; now when null.</param>
public sealed record DeliveryRequest(
    Guid TenantId, Guid PersonId, Channel Channel, DeliveryKind Kind, string PeriodKey, string? Payload = null, DateTimeOffset? NotBefore = null)
{
    /// <summary>The same request with <paramref name="payload"/> serialized as its JSON payload.</summary>
    public DeliveryRequest WithPayload<T>(T payload) => this with { Payload = JsonSerializer.Serialize(payload, DeliveryClaim.PayloadJson) };
}

/// <summary>What enqueueing did: <see cref="Created"/> is false when the same (kind, person, period) was already there.</summary>
public sealed record EnqueueResult(Guid Id, bool Created);

/// <summary>The rows of one rate-limit bucket: a messenger and a tenant on it.</summary>
public sealed record DeliveryBucket(Channel Channel, Guid TenantId);

/// <summary>
/// A delivery a node has claimed: it holds it until <see cref="LeaseUntil"/>. The node reports back with
/// <see cref="DeliveryQueue.RecordAsync"/> or <see cref="DeliveryQueue.ReleaseAsync"/>; the claim (node and attempt) is
/// what makes a late report from a node whose lease ran out harmless.
/// </summary>
/// <param name="Attempt">Which try this is (1 for the first).</param>
public sealed record DeliveryClaim(
    Guid Id, Guid TenantId, Guid PersonId, Channel Channel, DeliveryKind Kind, string PeriodKey, string? Payload,
    int Attempt, string ClaimedBy, DateTimeOffset LeaseUntil, DateTimeOffset CreatedAt)
{
    internal static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    public DeliveryBucket Bucket => new(Channel, TenantId);

    /// <summary>The payload read as <typeparamref name="T"/>; default when there is none.</summary>
    public T? PayloadAs<T>() => Payload is null ? default : JsonSerializer.Deserialize<T>(Payload, PayloadJson);
}

/// <summary>How one try of a delivery ended, classified by the channel that sent it (or by the dispatcher that did not).</summary>
/// <param name="MessageId">The messenger's id of the sent message (Sent).</param>
/// <param name="RetryAfter">How long the messenger asked to wait (Throttled; sometimes Transient).</param>
/// <param name="StatusCode">The messenger's HTTP status, when it answered.</param>
/// <param name="Reason">Why it was not sent, for operations and logs. Never a token or secret.</param>
public sealed record DeliveryOutcome(
    DeliveryOutcomeKind Kind, string? MessageId = null, TimeSpan? RetryAfter = null, int? StatusCode = null, string? Reason = null)
{
    public static DeliveryOutcome Sent(string? messageId, int? statusCode = null) => new(DeliveryOutcomeKind.Sent, messageId, StatusCode: statusCode);

    public static DeliveryOutcome Throttled(TimeSpan? retryAfter, int? statusCode = 429, string? reason = null) =>
        new(DeliveryOutcomeKind.Throttled, null, retryAfter, statusCode, reason);

    public static DeliveryOutcome Transient(string reason, int? statusCode = null, TimeSpan? retryAfter = null) =>
        new(DeliveryOutcomeKind.Transient, null, retryAfter, statusCode, reason);

    public static DeliveryOutcome Gone(string reason, int? statusCode = null) => new(DeliveryOutcomeKind.Gone, StatusCode: statusCode, Reason: reason);

    public static DeliveryOutcome Failed(string reason, int? statusCode = null) => new(DeliveryOutcomeKind.Failed, StatusCode: statusCode, Reason: reason);

    public static DeliveryOutcome Cancelled(string reason) => new(DeliveryOutcomeKind.Cancelled, Reason: reason);
}

/// <summary>The person a claimed delivery is for, their tenant, and where to reach them (null: never installed the bot).</summary>
public sealed record DeliveryRecipient(Person Person, Tenant Tenant, ConversationReference? Conversation);

/// <summary>Deliveries of a tenant per state, kind and last outcome, for operations.</summary>
public sealed record DeliveryCounts(Guid TenantId, IReadOnlyList<DeliveryCount> Rows)
{
    public int Total => Rows.Sum(r => r.Count);

    public int InState(DeliveryState state) => Rows.Where(r => r.State == state).Sum(r => r.Count);

    public int Of(DeliveryKind kind, DeliveryState state) => Rows.Where(r => r.Kind == kind && r.State == state).Sum(r => r.Count);

    /// <summary>Waiting because the messenger asked to slow down: pending after a throttled try.</summary>
    public int Throttled => Rows.Where(r => r.State == DeliveryState.Pending && r.LastOutcome == DeliveryOutcomeKind.Throttled).Sum(r => r.Count);

    /// <summary>Per state, every state present (zero when there are none).</summary>
    public IReadOnlyDictionary<DeliveryState, int> ByState => Enum.GetValues<DeliveryState>().ToDictionary(s => s, InState);
}

/// <summary>One run of the rhythm in a tenant: the deliveries of one kind for one period, and where they stand.</summary>
public sealed record DeliveryRun(DeliveryKind Kind, string PeriodKey, DateTimeOffset FirstPlannedAt, DateTimeOffset LastChangedAt, DeliveryCounts Counts);

/// <param name="LastOutcome">How the last try ended; null for rows never tried.</param>
public sealed record DeliveryCount(DeliveryKind Kind, DeliveryState State, DeliveryOutcomeKind? LastOutcome, int Count);

/// <summary>Send slots granted by the rate limiter.</summary>
/// <param name="Slots">When each granted send may start, in order; empty when the bucket has nothing within the horizon.</param>
/// <param name="RetryAt">When the bucket next has a free slot: come back then for more.</param>
public sealed record RateGrant(IReadOnlyList<DateTimeOffset> Slots, DateTimeOffset RetryAt)
{
    public int Count => Slots.Count;
}
