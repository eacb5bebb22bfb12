using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
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
    PeopleService people, ConversationService conversations, TurnHandler handler, FeishuApiClient api, FeishuDirectory directory,
    IOptions<FeishuOptions> options, TimeProvider clock, ILogger<FeishuTurns> logger)
{
    /// <summary>How long a directory lookup that did not give someone a name or manager waits before it is tried again for them.</summary>
    public static readonly TimeSpan DirectoryRetry = TimeSpan.FromHours(12);

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lookedUp = new();

    /// <summary>
    /// <c>im.message.receive_v1</c>: text in a 1:1 chat, or in a group when it @-mentions the bot (its open_id, asked of Feishu
    /// once; while Feishu has not said, any @-mention counts); mention keys (<c>@_user_1</c>) are removed. The answer goes to
    /// the sender's 1:1 chat with the bot, since it is about their own OKRs, with a uuid from the event id so a repeat sends
    /// nothing new. A newcomer is looked up in the contact directory first (name, manager).
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
        if (chatType != FeishuChannelSender.P2pChat && !await MentionsBotAsync(mentions, ct))
        {
            LogSkipped(eventId, "a group message that does not mention the bot");
            return null;
        }
        foreach (var mention in mentions)
            if (Text(mention, "key") is { Length: > 0 } key) text = text.Replace(key, "", StringComparison.Ordinal);

        var tenantKey = Text(callback["header"], "tenant_key") ?? Text(@event?["sender"], "tenant_key");
        if (await RegisterAsync(tenantKey, openId, ct) is not { } registration) return null;
        registration = await WithDirectoryAsync(registration, ct);
        if (chatType == FeishuChannelSender.P2pChat && Text(message, "chat_id") is { Length: > 0 } chatId) _ = await CaptureAsync(registration, chatId, ct);

        var answer = await handler.HandleAsync(TurnFor(registration, new TurnInput.Text(text.Trim())), ct);
        return Report(eventId, await api.SendCardAsync(openId, FeishuCardRenderer.Content(answer.View), Uuid(eventId), ct));
    }

    /// <summary>
    /// <c>im.chat.access_event.bot_p2p_chat_entered_v1</c>: someone opened their 1:1 chat with the bot. The first time the bot
    /// learns that chat (a newcomer, or a manager the directory introduced before they ever wrote) they are looked up in the
    /// directory and get the welcome card; later visits change nothing (opening a chat is not a request).
    /// </summary>
    /// <returns>How sending the welcome went; null when there is none to send.</returns>
    public async Task<FeishuOutcome?> ChatEnteredAsync(JsonObject callback, string eventId, CancellationToken ct)
    {
        var @event = callback["event"] as JsonObject;
        var openId = Text(@event?["operator_id"], "open_id");
        var tenantKey = Text(callback["header"], "tenant_key");
        if (openId is null || await RegisterAsync(tenantKey, openId, ct) is not { } registration) return null;
        registration = await WithDirectoryAsync(registration, ct);
        var firstChat = Text(@event, "chat_id") is { Length: > 0 } chatId ? await CaptureAsync(registration, chatId, ct) : registration.IsNewcomer;
        if (!firstChat)
        {
            LogSkipped(eventId, "a known person opened their chat with the bot again");
            return null;
        }
        var welcome = handler.Welcome(TurnFor(registration, new TurnInput.Text("")), null);
        return Report(eventId, await api.SendCardAsync(openId, FeishuCardRenderer.Content(welcome.View), Uuid(eventId), ct));
    }

    /// <summary>
    /// <c>im.chat.member.bot.added_v1</c>: the bot joined a group. It says what it does there (the help card, in the language
    /// of whoever added it): in a group people @-mention it, and it answers each of them in their own chat.
    /// </summary>
    /// <returns>How sending the help card went; null when there is nowhere to send it.</returns>
    public async Task<FeishuOutcome?> BotAddedAsync(JsonObject callback, string eventId, CancellationToken ct)
    {
        var @event = callback["event"] as JsonObject;
        var chatId = Text(@event, "chat_id");
        var openId = Text(@event?["operator_id"], "open_id");
        var tenantKey = Text(callback["header"], "tenant_key") ?? Text(@event, "operator_tenant_key");
        if (chatId is null)
        {
            LogSkipped(eventId, "the bot was added to a chat that has no id");
            return null;
        }
        var locale = openId is not null && await RegisterAsync(tenantKey, openId, ct) is { } adder ? adder.Person.Locale : options.Value.NewcomerLocale;
        return Report(eventId, await api.SendCardToChatAsync(chatId, FeishuCardRenderer.Content(new HelpView(locale)), Uuid(eventId), ct));
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
        var registered = await people.RegisterAsync(
            new ChannelUser(Channel.Feishu, tenantKey ?? "", openId, NewcomerLocale: options.Value.NewcomerLocale), ct);
        if (registered.Error is { } error)
        {
            LogNotRegistered(error.Message);
            return null;
        }
        return registered.Value;
    }

    /// <summary>
    /// A Feishu event names nobody: a person the bot has only an open_id for (a newcomer, or someone met before the directory
    /// could be read) or who has no manager yet is looked up in the contact directory for their name and manager, at most every
    /// <see cref="DirectoryRetry"/>. Card actions never wait for this (Feishu gives them 3 seconds); messages and chat
    /// events run after Feishu was answered.
    /// </summary>
    private async Task<Registration> WithDirectoryAsync(Registration registration, CancellationToken ct)
    {
        var person = registration.Person;
        if (!directory.IsEnabled || registration.PlaysDemoPerson) return registration;
        if (!registration.IsNewcomer && person.DisplayName != person.ExternalId && person.ManagerId is not null) return registration;
        var now = clock.GetUtcNow();
        if (_lookedUp.TryGetValue(person.Id, out var at) && now - at < DirectoryRetry) return registration;
        _lookedUp[person.Id] = now;

        if (await directory.ProfileAsync(person.ExternalId, ct) is not { } profile) return registration;
        var manager = profile.LeaderOpenId is { } leader ? await directory.ProfileAsync(leader, ct) : null;
        var applied = await people.ApplyDirectoryAsync(person.TenantId, person.Id,
            new DirectoryEntry(NameOf(profile), profile.LeaderOpenId, manager is null ? null : NameOf(manager)), ct);
        if (applied.Error is { } error)
        {
            LogNotCaptured(person.Id, error.Message);
            return registration;
        }
        _lookedUp.TryRemove(person.Id, out _);
        return registration with { Person = applied.Value! };
    }

    /// <summary>The name people know them by in the bot's language for them: Chinese name for zh, the English one (when set) otherwise.</summary>
    private string? NameOf(FeishuProfile profile) =>
        options.Value.NewcomerLocale.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? profile.Name ?? profile.EnglishName : profile.EnglishName ?? profile.Name;

    /// <summary>Whether a group message's mentions include the bot; any mention does while the bot's own open_id is unknown.</summary>
    private async Task<bool> MentionsBotAsync(JsonArray mentions, CancellationToken ct)
    {
        if (mentions.Count == 0) return false;
        if (await directory.BotOpenIdAsync(ct) is not { } bot) return true;
        return mentions.Any(m => Text(m?["id"], "open_id") == bot);
    }

    /// <summary>Keeps the person's 1:1 chat; true when it is the first the bot knows of it.</summary>
    private async Task<bool> CaptureAsync(Registration registration, string chatId, CancellationToken ct)
    {
        var captured = await conversations.CaptureAsync(registration.Person, Channel.Feishu,
            new ConversationAddress(chatId, null, FeishuChannelSender.P2pChat, FeishuChannelSender.P2pChat), ct, registration.Conversation);
        if (captured.Error is { } error) LogNotCaptured(registration.Person.Id, error.Message);
        return captured.Value?.IsNew ?? false;
    }

    private FeishuOutcome Report(string eventId, FeishuOutcome outcome)
    {
        if (outcome.IsSent) LogAnswered(eventId, outcome.MessageId);
        else LogNotAnswered(eventId, outcome.Kind, outcome.Reason);
        return outcome;
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

    [LoggerMessage(LogLevel.Warning, "The Feishu chat or directory entry of person {PersonId} could not be stored: {Reason}")]
    private partial void LogNotCaptured(Guid personId, string reason);

    [LoggerMessage(LogLevel.Information, "Answered Feishu event {EventId} with message {MessageId}")]
    private partial void LogAnswered(string eventId, string? messageId);

    [LoggerMessage(LogLevel.Warning, "The answer to Feishu event {EventId} was not sent ({Kind}): {Reason}")]
    private partial void LogNotAnswered(string eventId, FeishuOutcomeKind kind, string reason);
}
