using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Feishu.Cards;
using OkrBot.Jobs.Delivery;

namespace OkrBot.Jobs.Channels.Feishu;

/// <summary>
/// Sends deliveries to Feishu/Lark: the view's card (JSON 2.0) to the person's open_id (<see cref="Person.ExternalId"/>),
/// which lands in their 1:1 chat with the bot, with the delivery id as the <c>uuid</c>, so a send repeated after a crash
/// within the hour delivers nothing new. Feishu's message id is kept for later card updates. A person with no stored
/// conversation gets the chat Feishu answered with stored, so that a later "cannot be reached" marks it inactive.
/// </summary>
/// <remarks>
/// The per-person limit (5/s) is never reached by one message per person; the per-tenant limit is the dispatcher's
/// (DeliveryOptions.Limits.Feishu), which holds the whole tenant off when Feishu throttles.
/// </remarks>
/// <param name="render">The card for a view; <see cref="FeishuCardRenderer.Render"/> unless given (tests give their own).</param>
public sealed partial class FeishuChannelSender(
    FeishuApiClient api, ConversationService conversations, ILogger<FeishuChannelSender> logger, Func<View, JsonObject>? render = null) : IChannelSender
{
    /// <summary>Stored as the conversation's channel id and type: a 1:1 chat ("p2p", as Feishu's chat_type says).</summary>
    public const string P2pChat = "p2p";

    private readonly Func<View, JsonObject> _render = render ?? FeishuCardRenderer.Render;

    public Channel Channel => Channel.Feishu;

    public async Task<DeliveryOutcome> SendAsync(DeliveryRecipient recipient, View view, Guid deliveryId, CancellationToken ct)
    {
        var person = recipient.Person;
        var reference = recipient.Conversation;
        if (reference is { IsActive: false })
            return DeliveryOutcome.Gone($"the conversation is inactive ({reference.InactiveReason})");
        if (string.IsNullOrWhiteSpace(person.ExternalId) || person.IsUnclaimedDemoPerson)
            return DeliveryOutcome.Failed("the person has no Feishu open_id");
        if (Card(view) is not { } card)
            return DeliveryOutcome.Failed($"no Feishu card for {view.GetType().Name}");

        var outcome = await api.SendCardAsync(person.ExternalId, card, deliveryId.ToString("D"), ct);
        if (outcome.IsSent && reference is null && outcome.ChatId is { } chatId)
        {
            // Best effort: the message went out either way.
            var captured = await conversations.CaptureAsync(person, Channel.Feishu, new ConversationAddress(chatId, null, P2pChat, P2pChat), ct);
            if (captured.IsOk) LogCaptured(person.Id, chatId);
            else LogNotStored(person.Id, captured.Error?.Message);
        }

        return OutcomeOf(outcome);
    }

    public async Task<DeliveryOutcome> UpdateAsync(DeliveryRecipient recipient, string messageId, View view, CancellationToken ct)
    {
        if (Card(view) is not { } card)
            return DeliveryOutcome.Failed($"no Feishu card for {view.GetType().Name}");
        return OutcomeOf(await api.UpdateCardAsync(messageId, card, ct));
    }

    /// <summary>The card as the JSON text Feishu's <c>content</c> carries; null when there is no Feishu card for the view (yet).</summary>
    private string? Card(View view)
    {
        try
        {
            return _render(view).ToJsonString();
        }
        catch (NotSupportedException e)
        {
            LogNoCard(view.GetType().Name, e.Message);
            return null;
        }
    }

    private static DeliveryOutcome OutcomeOf(FeishuOutcome outcome) => outcome.Kind switch
    {
        FeishuOutcomeKind.Sent => DeliveryOutcome.Sent(outcome.MessageId, outcome.StatusCode),
        FeishuOutcomeKind.Throttled => DeliveryOutcome.Throttled(outcome.RetryAfter, outcome.StatusCode, outcome.Reason),
        FeishuOutcomeKind.Transient => DeliveryOutcome.Transient(outcome.Reason, outcome.StatusCode, outcome.RetryAfter),
        // The reason becomes the conversation's InactiveReason: it carries Feishu's code and words (230053, the person stopped the bot).
        FeishuOutcomeKind.Gone => DeliveryOutcome.Gone(outcome.Reason, outcome.StatusCode),
        _ => DeliveryOutcome.Failed(outcome.Reason, outcome.StatusCode),
    };

    [LoggerMessage(LogLevel.Information, "Stored the Feishu chat {ChatId} of person {PersonId}")]
    private partial void LogCaptured(Guid personId, string chatId);

    [LoggerMessage(LogLevel.Warning, "The Feishu chat of person {PersonId} could not be stored: {Reason}")]
    private partial void LogNotStored(Guid personId, string? reason);

    [LoggerMessage(LogLevel.Error, "No Feishu card for {View}: {Reason}")]
    private partial void LogNoCard(string view, string reason);
}
