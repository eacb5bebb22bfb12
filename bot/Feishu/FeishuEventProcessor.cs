using System.Text.Json.Nodes;

namespace OkrBot.Bot.Feishu;

/// <summary>
/// Does what a verified schema 2.0 event asks, once per <c>event_id</c>. A message, a 1:1 chat opened, or the bot added to a
/// group is recorded (with its body) and queued, and answered 200 at once: Feishu wants an answer within 3 s, the card goes
/// out afterwards through the API. A card action is answered in the response itself (toast and replaced card). Other event
/// types are acknowledged and ignored.
/// </summary>
public sealed partial class FeishuEventProcessor(FeishuEventLog events, FeishuInbox inbox, FeishuTurns turns, ILogger<FeishuEventProcessor> logger)
{
    public const string MessageReceived = "im.message.receive_v1";
    public const string CardAction = "card.action.trigger";
    public const string ChatEntered = "im.chat.access_event.bot_p2p_chat_entered_v1";
    public const string BotAdded = "im.chat.member.bot.added_v1";

    /// <summary>The events answered after the callback, from the inbox.</summary>
    public static bool IsQueued(string? eventType) => eventType is MessageReceived or ChatEntered or BotAdded;

    public async Task<IResult> ProcessAsync(JsonObject callback, CancellationToken ct)
    {
        var header = callback["header"]!.AsObject();
        var eventId = FeishuEventsEndpoint.Text(header, "event_id")!;
        var eventType = FeishuEventsEndpoint.Text(header, "event_type")!;
        switch (eventType)
        {
            case MessageReceived or ChatEntered or BotAdded:
                if (!await events.TryAcceptAsync(eventId, eventType, callback.ToJsonString(), ct))
                {
                    LogDuplicate(eventId, eventType);
                    return Results.Ok();
                }
                inbox.Post(eventId);
                return Results.Ok();
            case CardAction:
                if (!await events.TryAcceptAsync(eventId, eventType, null, ct))
                {
                    // The first push is being (or was) answered; this one changes nothing and leaves the card as it is.
                    LogDuplicate(eventId, eventType);
                    return Results.Json(new JsonObject());
                }
                try
                {
                    return Results.Json(await turns.CardActionAsync(callback, ct));
                }
                catch
                {
                    // Nothing was answered: let Feishu's next push of the event be acted on. If the store went away meanwhile the
                    // record cannot be forgotten either; the first failure is the one to answer with (a 503 when the store is away).
                    try
                    {
                        await events.ForgetAsync(eventId, CancellationToken.None);
                    }
                    catch (Exception forgetFailed)
                    {
                        LogNotForgotten(forgetFailed, eventId);
                    }
                    throw;
                }
            default:
                LogIgnored(eventType, eventId);
                return Results.Ok();
        }
    }

    [LoggerMessage(LogLevel.Information, "Ignored a repeated Feishu event {EventId} ({EventType})")]
    private partial void LogDuplicate(string eventId, string eventType);

    [LoggerMessage(LogLevel.Warning, "Feishu card action {EventId} failed and its record could not be removed: a push of it again will be taken as done")]
    private partial void LogNotForgotten(Exception exception, string eventId);

    [LoggerMessage(LogLevel.Debug, "Ignored a Feishu {EventType} event ({EventId})")]
    private partial void LogIgnored(string eventType, string eventId);
}
