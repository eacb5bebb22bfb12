using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OkrBot.Bot.Conversation;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Feishu;
using OkrBot.Jobs.Channels.Feishu.Cards;
using static OkrBot.Bot.Feishu.FeishuEventsEndpoint;

namespace OkrBot.Bot.Feishu;

/// <summary>
/// A Feishu event as a channel-neutral <see cref="Turn"/>: the sender registered (tenant_key, open_id), their 1:1 chat
/// captured, the turn handled, and its view rendered as a Feishu card: sent with the API for a message, returned for a
/// card action (it replaces the card acted on).
/// </summary>
public sealed partial class FeishuTurns(
    PeopleService people, ConversationService conversations, TurnHandler handler, FeishuApiClient api, ILogger<FeishuTurns> logger)
{
    /// <summary>
    /// <c>im.message.receive_v1</c>: text in a 1:1 chat, or in a group when it @-mentions someone (the app should only have the
    /// "@-mentions of the bot" group permission, so Feishu sends no others); mention keys (<c>@_user_1</c>) are removed. The
    /// answer goes to the sender's 1:1 chat with the bot, with a uuid from the event id so a repeat sends nothing new.
    /// </summary>
    /// <returns>How sending the answer went; null when the event needs no answer.</returns>
    public async Task<FeishuOutcome?> MessageAsync(JsonObject callback, string eventId, CancellationToken ct)
    {
        var @event = callback["event"] as JsonObject;
        var message = @event?["message"] as JsonObject;
        var openId = Text(@event?["sender"]?["sender_id"], "open_id");
        var chatType = Text(message, "chat_type");
        if (message is null || openId is null || Text(@event?["sender"], "sender_type") is not (null or "user"))
        {
            LogSkipped(eventId, "not a person's message");
            return null;
        }
        if (Text(message, "message_type") != "text" || MessageText(message) is not { } text)
        {
            LogSkipped(eventId, "not a text message");
            return null;
        }
        var mentions = message["mentions"] as JsonArray ?? [];
        if (chatType != FeishuChannelSender.P2pChat && mentions.Count == 0)
        {
            LogSkipped(eventId, "a group message that does not mention the bot");
            return null;
        }
        foreach (var mention in mentions)
            if (Text(mention, "key") is { Length: > 0 } key) text = text.Replace(key, "", StringComparison.Ordinal);

        var tenantKey = Text(callback["header"], "tenant_key") ?? Text(@event?["sender"], "tenant_key");
        if (await RegisterAsync(tenantKey, openId, ct) is not { } registration) return null;
        if (chatType == FeishuChannelSender.P2pChat && Text(message, "chat_id") is { Length: > 0 } chatId)
        {
            var captured = await conversations.CaptureAsync(registration.Person, Channel.Feishu,
                new ConversationAddress(chatId, null, FeishuChannelSender.P2pChat, FeishuChannelSender.P2pChat), ct);
            if (captured.Error is { } error) LogNotCaptured(registration.Person.Id, error.Message);
        }

        var answer = await handler.HandleAsync(TurnFor(registration, new TurnInput.Text(text.Trim())), ct);
        var outcome = await api.SendCardAsync(openId, FeishuCardRenderer.Content(answer.View), Uuid(eventId), ct);
        if (outcome.IsSent) LogAnswered(eventId, outcome.MessageId);
        else LogNotAnswered(eventId, outcome.Kind, outcome.Reason);
        return outcome;
    }

    /// <summary>
    /// <c>card.action.trigger</c>: the verb and data from <c>action.value</c>, the form's inputs from <c>action.form_value</c>
    /// (names decoded with <see cref="FeishuInputNames"/>). Answers <c>{"toast":{...},"card":{"type":"raw","data":card}}</c>.
    /// </summary>
    public async Task<JsonObject> CardActionAsync(JsonObject callback, CancellationToken ct)
    {
        var @event = callback["event"] as JsonObject;
        var action = @event?["action"] as JsonObject;
        var openId = Text(@event?["operator"], "open_id");
        var tenantKey = Text(@event?["operator"], "tenant_key") ?? Text(callback["header"], "tenant_key");
        if (action is null || openId is null)
            return Toast("error", "The card action does not say what was pressed or by whom.");
        if (await RegisterAsync(tenantKey, openId, ct) is not { } registration)
            return Toast("error", "The card action does not say who pressed it.");

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (action["value"] is JsonObject value)
            foreach (var (name, node) in value)
                if (Flatten(node) is { } text) data[name] = text;
        if (action["form_value"] is JsonObject form)
            foreach (var (name, node) in form)
                if (FeishuInputNames.TryDecode(name, out var inputId) && Flatten(node) is { } text) data[inputId] = text;

        var input = new TurnInput.CardAction(data.GetValueOrDefault(CardVerbs.VerbKey) ?? "", data);
        var turn = TurnFor(registration, input) with { SourceMessageId = Text(@event?["context"], "open_message_id") };
        var answer = await handler.HandleAsync(turn, ct);
        var card = FeishuCardRenderer.Render(answer.View);
        var (type, content) = ToastFor(answer.View, card);
        var response = Toast(type, content);
        response["card"] = new JsonObject { ["type"] = "raw", ["data"] = card };
        return response;
    }

    private async Task<Registration?> RegisterAsync(string? tenantKey, string openId, CancellationToken ct)
    {
        var registered = await people.RegisterAsync(new ChannelUser(Channel.Feishu, tenantKey ?? "", openId), ct);
        if (registered.Error is { } error)
        {
            LogNotRegistered(error.Message);
            return null;
        }
        return registered.Value;
    }

    private static Turn TurnFor(Registration registration, TurnInput input) =>
        new(Channel.Feishu, registration.Person, input, registration.PlaysDemoPerson ? registration.Person.DisplayName : null);

    private static string? MessageText(JsonObject message)
    {
        if (Text(message, "content") is not { } content) return null;
        try
        {
            return Text(JsonNode.Parse(content), "text");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A value as the untrusted string the turn expects: strings as they are, numbers and booleans as JSON, lists joined by commas.</summary>
    private static string? Flatten(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        JsonArray a => string.Join(",", a.Select(Flatten).OfType<string>()),
        _ => null,
    };

    /// <summary>Saved: success; a refusal: error (warning) or info; anything else (a card opened): info. The words are the card's title or the notice.</summary>
    private static (string Type, string Content) ToastFor(View view, JsonObject card)
    {
        var title = card["header"]?["title"]?["content"]?.GetValue<string>() ?? "";
        return view switch
        {
            NoticeView { Kind: NoticeKind.Error or NoticeKind.Warning } n => ("error", n.Message),
            NoticeView { Kind: NoticeKind.Success } n => ("success", n.Message),
            NoticeView n => ("info", n.Message),
            CheckInDoneView or ReviewDoneView or ScoringDoneView => ("success", title),
            _ => ("info", title),
        };
    }

    private static JsonObject Toast(string type, string content) =>
        new() { ["toast"] = new JsonObject { ["type"] = type, ["content"] = content } };

    /// <summary>Feishu takes a uuid of at most 50 characters; an event id is 32, a longer one is hashed.</summary>
    private static string Uuid(string eventId) =>
        eventId.Length <= FeishuApiClient.MaxUuidLength ? eventId : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..32];

    [LoggerMessage(LogLevel.Debug, "Feishu event {EventId} needs no answer: {Reason}")]
    private partial void LogSkipped(string eventId, string reason);

    [LoggerMessage(LogLevel.Warning, "Could not tell who sent a Feishu event: {Reason}")]
    private partial void LogNotRegistered(string reason);

    [LoggerMessage(LogLevel.Warning, "The Feishu chat of person {PersonId} could not be stored: {Reason}")]
    private partial void LogNotCaptured(Guid personId, string reason);

    [LoggerMessage(LogLevel.Information, "Answered Feishu event {EventId} with message {MessageId}")]
    private partial void LogAnswered(string eventId, string? messageId);

    [LoggerMessage(LogLevel.Warning, "The answer to Feishu event {EventId} was not sent ({Kind}): {Reason}")]
    private partial void LogNotAnswered(string eventId, FeishuOutcomeKind kind, string reason);
}
