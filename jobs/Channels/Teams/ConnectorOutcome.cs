namespace OkrBot.Jobs.Channels.Teams;

/// <summary>What happened to one Bot Connector call, in the terms the dispatcher records (ARCHITECTURE.md, "Scheduled").</summary>
public enum ConnectorOutcomeKind
{
    /// <summary>The connector accepted the call (2xx).</summary>
    Sent,

    /// <summary>429 until the retries ran out; <see cref="ConnectorOutcome.RetryAfter"/> says when to try again, if the connector said.</summary>
    Throttled,

    /// <summary>412, 502, 503, 504, a timeout or a broken connection until the retries ran out: try again later.</summary>
    Transient,

    /// <summary>
    /// 403 or 404 on the conversation: the person blocked the bot, the admin disabled it, it was uninstalled, or the
    /// conversation no longer exists. Stop sending there until they re-engage or reinstall.
    /// </summary>
    Gone,

    /// <summary>Refused before any request was made (a service URL the bot's token must not go to).</summary>
    Rejected,

    /// <summary>Anything else (400, 401, 413, 500, ...): retrying the same call will not help.</summary>
    Failed,
}

public enum ConnectorOperation
{
    Send,
    Reply,
    Update,
    Delete,
    CreateConversation,
}

/// <summary>The classified result of one call. HTTP and transport failures end here; they are never thrown.</summary>
public sealed record ConnectorOutcome
{
    public required ConnectorOutcomeKind Kind { get; init; }

    public required ConnectorOperation Operation { get; init; }

    /// <summary>The conversation the call was about; for <see cref="ConnectorOperation.CreateConversation"/>, the new one.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The id the connector gave the activity (send, reply, update), or the activity deleted. May be null on success:
    /// the connector does not always answer with a body.</summary>
    public string? ActivityId { get; init; }

    /// <summary>The last HTTP status seen; null when no answer came (timeout, reset) or no request was made.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The connector's error code from the body (<c>{"error":{"code":...}}</c>), e.g. ConversationBlockedByUser, MessageSizeTooBig.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>When the connector asked to wait (Retry-After) on the last answer. Set when retries ran out or the wait
    /// was longer than the client is willing to block for: the caller reschedules no earlier than this.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A short human-readable explanation. Never contains a token or the app secret.</summary>
    public string Reason { get; init; } = "";

    /// <summary>The connector's X-Correlating-OperationId response header, for support cases.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>How many times the call was tried (0 when it was rejected before any request).</summary>
    public int Attempts { get; init; }

    public bool IsSent => Kind == ConnectorOutcomeKind.Sent;
}
