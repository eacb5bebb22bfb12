namespace OkrBot.Core.Model;

/// <summary>
/// Where the bot can reach a person unprompted: their 1:1 chat with the bot on their messenger. Captured when the
/// bot is installed or first spoken to, dropped on uninstall, marked inactive when the messenger says the person is
/// gone (blocked the bot, left the tenant), until they talk to the bot again.
/// </summary>
public sealed class ConversationReference
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid PersonId { get; set; }
    public Channel Channel { get; set; }
    /// <summary>The Bot Framework channel id ("msteams", "emulator"...); the Feishu chat type on Feishu.</summary>
    public string? ChannelId { get; set; }
    /// <summary>Bot Connector base URL (Teams); null on Feishu, whose API host is configured.</summary>
    public string? ServiceUrl { get; set; }
    public required string ConversationId { get; set; }
    public string? ConversationType { get; set; }
    /// <summary>The bot's own id in that conversation ("28:..." on Teams).</summary>
    public string? BotId { get; set; }
    /// <summary>The person's id on the messenger ("29:..." on Teams, open_id on Feishu).</summary>
    public required string UserId { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>Why sends stopped (e.g. "ConversationBlockedByUser"), while inactive.</summary>
    public string? InactiveReason { get; set; }
    public DateTimeOffset CapturedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
