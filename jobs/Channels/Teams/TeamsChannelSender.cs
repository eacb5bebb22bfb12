using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Teams.Cards;
using OkrBot.Jobs.Delivery;

namespace OkrBot.Jobs.Channels.Teams;

/// <summary>
/// Sends deliveries to Teams: the view's Adaptive Card, alone (so Teams returns the message id for later updates), into
/// the person's 1:1 chat with the bot. Someone with no stored conversation gets one created (once: it is stored, and Teams
/// answers the same id for the same person anyway). Every connector outcome maps to a delivery outcome.
/// </summary>
/// <remarks>
/// Give it a <see cref="BotConnectorClient"/> that tries each call once: the delivery queue does the retrying, durably and
/// within the shared rate limit, where every request the client makes has a send slot (see AddOkrDelivery).
/// </remarks>
public sealed partial class TeamsChannelSender(
    BotConnectorClient connector, ConversationService conversations, DispatcherOptions options, ILogger<TeamsChannelSender> logger) : IChannelSender
{
    public Channel Channel => Channel.Teams;

    public async Task<DeliveryOutcome> SendAsync(DeliveryRecipient recipient, View view, Guid deliveryId, CancellationToken ct)
    {
        var person = recipient.Person;
        var reference = recipient.Conversation;
        if (reference is { IsActive: false })
            return DeliveryOutcome.Gone($"the conversation is inactive ({reference.InactiveReason})");

        var serviceUrl = reference?.ServiceUrl;
        var conversationId = reference?.ConversationId;
        if (serviceUrl is null || conversationId is null)
        {
            serviceUrl ??= await conversations.RecentServiceUrlAsync(person.TenantId, Channel.Teams, ct) ?? options.TeamsServiceUrl;
            var created = await connector.CreatePersonalConversationAsync(serviceUrl, recipient.Tenant.ExternalId, person.ExternalId, reference?.BotId, ct);
            if (!created.IsSent || created.ConversationId is null) return OutcomeOf(created);

            conversationId = created.ConversationId;
            var captured = await conversations.CaptureAsync(person, Channel.Teams,
                new ConversationAddress(conversationId, serviceUrl, "msteams", "personal", reference?.BotId), ct);
            if (captured.IsOk) LogCreated(person.Id, conversationId);
            else LogNotStored(person.Id, captured.Error?.Message);
        }

        return OutcomeOf(await connector.SendAsync(serviceUrl, conversationId, Message(view), ct));
    }

    public async Task<DeliveryOutcome> UpdateAsync(DeliveryRecipient recipient, string messageId, View view, CancellationToken ct)
    {
        if (recipient.Conversation is not { IsActive: true, ServiceUrl: { } serviceUrl, ConversationId: { } conversationId })
            return DeliveryOutcome.Gone("no active conversation holds the message");
        var update = Message(view);
        update["id"] = messageId;
        return OutcomeOf(await connector.UpdateAsync(serviceUrl, conversationId, messageId, update, ct));
    }

    /// <summary>The message activity carrying a view's card, alone: with text beside it Teams may split it and return no id.</summary>
    public static JsonObject Message(View view) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(AdaptiveCardRenderer.Attachment(AdaptiveCardRenderer.Render(view))),
    };

    private static DeliveryOutcome OutcomeOf(ConnectorOutcome outcome) => outcome.Kind switch
    {
        ConnectorOutcomeKind.Sent => DeliveryOutcome.Sent(outcome.ActivityId, outcome.StatusCode),
        ConnectorOutcomeKind.Throttled => DeliveryOutcome.Throttled(outcome.RetryAfter, outcome.StatusCode, outcome.Reason),
        ConnectorOutcomeKind.Transient => DeliveryOutcome.Transient(outcome.Reason, outcome.StatusCode, outcome.RetryAfter),
        // The reason becomes the conversation's InactiveReason: the connector's code says it best (ConversationBlockedByUser).
        ConnectorOutcomeKind.Gone => DeliveryOutcome.Gone(outcome.ErrorCode ?? $"HTTP {outcome.StatusCode}", outcome.StatusCode),
        _ => DeliveryOutcome.Failed(outcome.Reason, outcome.StatusCode),
    };

    [LoggerMessage(LogLevel.Information, "Created a Teams 1:1 conversation {ConversationId} with person {PersonId}")]
    private partial void LogCreated(Guid personId, string conversationId);

    [LoggerMessage(LogLevel.Warning, "The new Teams conversation with person {PersonId} could not be stored: {Reason}")]
    private partial void LogNotStored(Guid personId, string? reason);
}
