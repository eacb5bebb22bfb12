using System.Text.Json.Nodes;

namespace OkrBot.Jobs.Channels.Feishu;

/// <summary>What happened to one Feishu API call, in the terms the dispatcher records (ARCHITECTURE.md, "Scheduled").</summary>
public enum FeishuOutcomeKind
{
    /// <summary>Feishu accepted the call (<c>code</c> 0).</summary>
    Sent,

    /// <summary>
    /// The app's per-tenant limit (HTTP 429, or code 99991400 whatever the status): hold off the tenant for
    /// <see cref="FeishuOutcome.RetryAfter"/> (Feishu's <c>x-ogw-ratelimit-reset</c>), when Feishu said.
    /// </summary>
    Throttled,

    /// <summary>5xx, a timeout, a broken connection, an answer that is not Feishu's JSON, or a code that says "later": try again later.</summary>
    Transient,

    /// <summary>
    /// The person cannot be reached (left the company, outside the app's availability, stopped the bot, chat dissolved) or,
    /// for an update, the message is gone (recalled, deleted, older than 14 days). Stop sending there.
    /// </summary>
    Gone,

    /// <summary>Anything else (bad request, missing permission, card too large, credentials refused): retrying will not help.</summary>
    Failed,
}

public enum FeishuOperation
{
    /// <summary><c>POST /open-apis/im/v1/messages?receive_id_type=open_id</c>.</summary>
    SendCard,

    /// <summary><c>PATCH /open-apis/im/v1/messages/{message_id}</c>.</summary>
    UpdateCard,

    /// <summary><c>GET /open-apis/contact/v3/users/{open_id}</c>.</summary>
    GetUser,

    /// <summary><c>GET /open-apis/bot/v3/info</c>.</summary>
    GetBotInfo,
}

/// <summary>The classified result of one call. HTTP and transport failures end here; they are never thrown.</summary>
public sealed record FeishuOutcome
{
    public required FeishuOutcomeKind Kind { get; init; }

    public required FeishuOperation Operation { get; init; }

    /// <summary>The message's id: Feishu's for a send (<c>om_...</c>), the one updated for an update. Null on failure.</summary>
    public string? MessageId { get; init; }

    /// <summary>The chat the message went to (<c>oc_...</c>: the person's 1:1 chat with the bot), when Feishu said.</summary>
    public string? ChatId { get; init; }

    /// <summary>For a read, what Feishu answered with: <c>data.user</c> for a user, <c>bot</c> for the bot's info. Null otherwise.</summary>
    public JsonObject? Data { get; init; }

    /// <summary>The HTTP status of the last answer; null when none came (timeout, reset) or no request was made.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Feishu's <c>code</c> from the last answer; null when it had none.</summary>
    public int? Code { get; init; }

    /// <summary>How long Feishu asked to wait (<c>x-ogw-ratelimit-reset</c>); the caller reschedules no earlier than this.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A short explanation. Never contains a token or the app secret.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Feishu's log id (<c>X-Tt-Logid</c> header or <c>error.log_id</c>), for support cases.</summary>
    public string? LogId { get; init; }

    /// <summary>Requests made: 1, or 2 when the first was refused for a stale token and made again with a fresh one; 0 when there
    /// was no token to make it with.</summary>
    public int Attempts { get; init; }

    public bool IsSent => Kind == FeishuOutcomeKind.Sent;
}
