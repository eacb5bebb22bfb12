namespace OkrBot.Core.Model;

/// <summary>What a scheduled message is for. Together with the person and the period it names one message.</summary>
public enum DeliveryKind
{
    CheckInPrompt,
    CheckInReminder,
    Escalation,
    MidCycleReview,
    ScoringPrompt,
    PlanningReminder,
    ManagerDigest,
    ResultsDigest,
    AtRiskAlert,
    /// <summary>Updates a sent check-in prompt or reminder card in place to say the person checked in (period: that delivery's id).</summary>
    CheckInClosed,
    /// <summary>Asks a KR owner's manager to approve or reject a change to a published KR (period: the change's id).</summary>
    KrChangeRequest,
    /// <summary>Tells whoever asked for a KR change how it was decided (period: the change's id).</summary>
    KrChangeDecision,
}

/// <summary>
/// Where a delivery is: Pending (waiting for its not-before) -> Sending (claimed by a node until its lease ends) ->
/// Sent | Failed | Gone | Cancelled. Only Pending and Sending rows are ever picked up again.
/// </summary>
public enum DeliveryState
{
    Pending,
    Sending,
    Sent,
    /// <summary>Retrying will not help (a refused request, or the attempts ran out).</summary>
    Failed,
    /// <summary>The messenger said the person cannot be reached (blocked the bot, uninstalled it, left).</summary>
    Gone,
    /// <summary>Nothing to send any more (the person checked in meanwhile, left, or the planner withdrew it).</summary>
    Cancelled,
}

/// <summary>How the last try of a delivery ended, as the channel classified it.</summary>
public enum DeliveryOutcomeKind
{
    Sent,
    /// <summary>The messenger asked to slow down (429); try again after its Retry-After.</summary>
    Throttled,
    /// <summary>A passing failure (timeouts, 502/503/504, a broken connection); try again after a backoff.</summary>
    Transient,
    Gone,
    Failed,
    Cancelled,
    /// <summary>A node claimed it and never said how it went (it died), too many times.</summary>
    Abandoned,
}

/// <summary>
/// One scheduled message to one person: a check-in prompt for a week, a reminder, a digest, an alert. Written by the
/// planner, unique per (kind, person, period) so that a double fire or a second node never plans it twice; sent by the
/// dispatcher, which records every try's outcome here.
/// </summary>
public sealed class Delivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid PersonId { get; set; }
    /// <summary>The messenger it goes out on; with the tenant, the rate-limit bucket it is sent through.</summary>
    public Channel Channel { get; set; }
    public DeliveryKind Kind { get; set; }
    /// <summary>Which occurrence: the Monday of the week ("2026-11-16"), the cycle, or a unique id for a one-off alert.</summary>
    public required string PeriodKey { get; set; }
    /// <summary>Small JSON with what the view needs that the store does not hold (e.g. the KR, reason and raiser of an alert).</summary>
    public string? Payload { get; set; }
    public DeliveryState State { get; set; } = DeliveryState.Pending;
    /// <summary>
    /// Not to be picked up before this instant. While <see cref="DeliveryState.Sending"/> it equals <see cref="LeaseUntil"/>,
    /// so one index finds both the rows that are due and the rows whose node died mid-send.
    /// </summary>
    public DateTimeOffset NotBefore { get; set; }
    /// <summary>How many times a node has claimed it (every try counts, the one in progress included).</summary>
    public int Attempts { get; set; }
    /// <summary>The node holding it while <see cref="DeliveryState.Sending"/>.</summary>
    public string? ClaimedBy { get; set; }
    /// <summary>Until when that node holds it; after this any node may take it over.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>The messenger's id of the sent message, kept to update its card later (e.g. "checked in").</summary>
    public string? MessageId { get; set; }
    public DeliveryOutcomeKind? LastOutcome { get; set; }
    /// <summary>The last HTTP status the messenger answered, when it answered.</summary>
    public int? LastStatus { get; set; }
    /// <summary>Why the last try did not end in Sent, for operations. Never a token or secret.</summary>
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// The send rate of one (channel, tenant) shared by every node: a token bucket kept in its "virtual scheduling" form
/// (GCRA), i.e. as the instant the next send slot becomes free. Taking slots is one conditional UPDATE of this row.
/// </summary>
public sealed class RateBucket
{
    public Channel Channel { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>
    /// The theoretical instant of the next send at the bucket's steady rate (GCRA's "TAT"). A send at <c>now</c> fits when
    /// this is at most (capacity - 1) send intervals after <c>now</c>; a value in the past means the bucket is full.
    /// </summary>
    public DateTimeOffset NextSlotAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
