using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OkrBot.Jobs.Channels.Feishu;

/// <summary>
/// The <c>code</c>s of Feishu answers that decide what happens next, from the open platform's generic error codes
/// (server-docs/api-call-guide/generic-error-code), the frequency-control guide (server-docs/api-call-guide/frequency-control),
/// and the error tables of "send message" (im-v1/message/create) and "update a sent card" (im-v1/message-card/patch).
/// Feishu answers many errors with HTTP 400 or even 200 and a non-zero code: the code decides, not the status.
/// </summary>
public static class FeishuCodes
{
    /// <summary>request trigger frequency limit: the app's per-tenant limit (HTTP 429, or 400 on older APIs).</summary>
    public const int RateLimited = 99991400;

    /// <summary>The tenant_access_token is invalid or expired (99991663), the app or tenant token is invalid (99991664, 99991665).</summary>
    public static readonly FrozenSet<int> TokenInvalid = FrozenSet.Create(99991663, 99991664, 99991665);

    /// <summary>Other throttling codes of the messaging service (system-wide create-message limits): the tenant should slow down.</summary>
    public static readonly FrozenSet<int> Throttling = FrozenSet.Create(RateLimited, 11232, 11233, 11247);

    /// <summary>
    /// Worth trying again later, this message alone: 230020 (the per-user or per-chat limit of 5/s: one person's chat is
    /// busy, not the tenant, so the bucket is not held off), 230049 (the message is being sent), 18121 (the same create
    /// request is being processed), and Feishu's internal errors.
    /// </summary>
    public static readonly FrozenSet<int> Transient = FrozenSet.Create(230020, 230049, 18121, 1500, 1663, 2200, 5000, 10101);

    /// <summary>
    /// The person cannot be reached in their chat with the bot, until something changes on their side: 230002 (the bot is
    /// not in the chat), 230013 (the person is outside the app's availability, disabled, or has left the company), 230029
    /// (the person resigned), 230035 (sending denied: the person blocked the bot, or the chat is muted), 230053 (the person
    /// stopped the bot from messaging them), 232009 (the chat was dissolved).
    /// </summary>
    public static readonly FrozenSet<int> RecipientGone = FrozenSet.Create(230002, 230013, 230029, 230035, 230053, 232009);

    /// <summary>
    /// Updates only: the message itself is beyond reach: 230011 (recalled), 230110 (deleted), 230031 (sent more than 14 days
    /// ago), 99992354 (no such message id).
    /// </summary>
    public static readonly FrozenSet<int> MessageGone = FrozenSet.Create(230011, 230110, 230031, 99992354);
}

/// <summary>What Feishu answered, as far as deciding the outcome goes. Never holds a token.</summary>
/// <param name="Readable">The body was a JSON object; false for an empty body, HTML, or broken JSON.</param>
/// <param name="Code">Feishu's <c>code</c> (0 is success); null when the body had none.</param>
/// <param name="Message">Feishu's <c>msg</c>, shortened.</param>
/// <param name="LogId">Feishu's <c>error.log_id</c>, for support.</param>
internal readonly record struct FeishuAnswer(bool Readable, int? Code, string? Message, string? MessageId, string? ChatId, string? LogId)
{
    private const int MaxMessage = 300;

    /// <summary>The object a read answered with: <c>data.user</c> (a user), <c>bot</c> (the bot's info), else <c>data</c>.</summary>
    public static JsonObject? DataOf(string body)
    {
        try
        {
            var root = JsonNode.Parse(body) as JsonObject;
            return (root?["data"]?["user"] ?? root?["bot"] ?? root?["data"]) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static FeishuAnswer Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return default;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return default;
            int? code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
            return new FeishuAnswer(true, code, Text(root, "msg", MaxMessage), Text(data, "message_id", 200), Text(data, "chat_id", 200),
                Text(error, "log_id", 100));
        }
        catch (JsonException)
        {
            return default;
        }

        static string? Text(JsonElement e, string name, int max) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            && v.GetString() is { Length: > 0 } s
                ? s.Length <= max ? s : s[..max] + "…"
                : null;
    }
}
