using System.Text.Json.Nodes;
using OkrBot.Bot.Conversation;
using OkrBot.Bot.Teams.Protocol;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Teams;
using OkrBot.Jobs.Channels.Teams.Cards;

namespace OkrBot.Bot.Teams;

/// <summary>
/// Sends views to Teams through the Bot Connector: replies in the conversation a person wrote in, card updates in
/// place, and notices to other people's 1:1 chats. Every outcome is logged with its classification, none thrown away.
/// </summary>
public sealed partial class TeamsSender(BotConnectorClient connector, ConversationService conversations, ILogger<TeamsSender> logger)
{
    /// <summary>A new message with the view's card in the conversation the activity came from.</summary>
    public async Task<ConnectorOutcome> ReplyAsync(Activity inbound, View view, CancellationToken ct)
    {
        var outcome = await connector.SendAsync(inbound.ServiceUrl!, inbound.Conversation!.Id!, Message(view), ct);
        LogOutcome("reply", inbound.Conversation.Id!, outcome);
        return outcome;
    }

    /// <summary>Replaces the card message a person acted on (the Action.Submit path, where there is no invoke response).</summary>
    public async Task<ConnectorOutcome> ReplaceAsync(Activity inbound, string cardActivityId, View view, CancellationToken ct)
    {
        var message = Message(view);
        message["id"] = cardActivityId;
        var outcome = await connector.UpdateAsync(inbound.ServiceUrl!, inbound.Conversation!.Id!, cardActivityId, message, ct);
        LogOutcome("update", inbound.Conversation.Id!, outcome);
        return outcome;
    }

    /// <summary>
    /// A view for someone else, in their 1:1 chat with the bot: the stored conversation, or one created now (and
    /// stored) when they never installed the bot. A person the messenger reported gone is not tried again.
    /// </summary>
    public async Task<ConnectorOutcome?> NotifyAsync(Activity inbound, string tenantExternalId, Notification notification, CancellationToken ct)
    {
        var recipient = notification.Recipient;
        var reference = await conversations.FindAsync(recipient.TenantId, recipient.Id, Channel.Teams, ct);
        if (reference is { IsActive: false })
        {
            LogSkippedInactive(recipient.Id, reference.InactiveReason);
            return null;
        }

        var serviceUrl = reference?.ServiceUrl ?? inbound.ServiceUrl!;
        var conversationId = reference?.ConversationId;
        if (conversationId is null)
        {
            var created = await connector.CreatePersonalConversationAsync(serviceUrl, tenantExternalId, recipient.ExternalId, inbound.Recipient?.Id, ct);
            LogOutcome("create-conversation", recipient.ExternalId, created);
            if (!created.IsSent || created.ConversationId is null)
            {
                await MarkIfGoneAsync(recipient, created, ct);
                return created;
            }
            conversationId = created.ConversationId;
            await conversations.CaptureAsync(recipient, Channel.Teams,
                new ConversationAddress(conversationId, serviceUrl, inbound.ChannelId, "personal", inbound.Recipient?.Id), ct);
        }

        var outcome = await connector.SendAsync(serviceUrl, conversationId, Message(notification.View), ct);
        LogOutcome("notify", conversationId, outcome);
        await MarkIfGoneAsync(recipient, outcome, ct);
        return outcome;
    }

    /// <summary>The message activity carrying a view's card, alone: with text beside it Teams may split it and return no id.</summary>
    public static JsonObject Message(View view) => new()
    {
        ["type"] = ActivityTypes.Message,
        ["attachments"] = new JsonArray(AdaptiveCardRenderer.Attachment(AdaptiveCardRenderer.Render(view))),
    };

    private async Task MarkIfGoneAsync(Person recipient, ConnectorOutcome outcome, CancellationToken ct)
    {
        if (outcome.Kind == ConnectorOutcomeKind.Gone)
            await conversations.MarkInactiveAsync(recipient.Id, Channel.Teams, outcome.ErrorCode ?? $"HTTP {outcome.StatusCode}", ct);
    }

    private void LogOutcome(string operation, string target, ConnectorOutcome outcome)
    {
        if (outcome.IsSent) LogSent(operation, target, outcome.Attempts);
        else LogNotSent(operation, target, outcome.Kind, outcome.StatusCode, outcome.ErrorCode, outcome.CorrelationId, outcome.Reason);
    }

    [LoggerMessage(LogLevel.Debug, "Teams {Operation} to {Target} sent after {Attempts} attempt(s)")]
    private partial void LogSent(string operation, string target, int attempts);

    [LoggerMessage(LogLevel.Warning, "Teams {Operation} to {Target} not sent: {Kind} (HTTP {Status}, code {Code}, correlation {CorrelationId}): {Reason}")]
    private partial void LogNotSent(string operation, string target, ConnectorOutcomeKind kind, int? status, string? code, string? correlationId, string reason);

    [LoggerMessage(LogLevel.Information, "Not notifying person {PersonId}: their Teams conversation is inactive ({Reason})")]
    private partial void LogSkippedInactive(Guid personId, string? reason);
}
