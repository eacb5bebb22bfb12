namespace OkrBot.Core.Model;

/// <summary>
/// A Feishu event callback the bot accepted, keyed by Feishu's <c>header.event_id</c>: Feishu pushes an event again when it
/// did not hear 200 within 3 s, and the key lets exactly one push be acted on, across restarts and nodes. A message event
/// keeps its decrypted body in <see cref="Payload"/> until it is processed (then the body is dropped), so one accepted
/// before a crash is still answered after the restart.
/// </summary>
public sealed class FeishuEvent
{
    public string EventId { get; set; } = "";
    public string EventType { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>The decrypted event while it waits to be processed; null once it is (or for one answered at once).</summary>
    public string? Payload { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
}
