using System.Text.Json;
using System.Text.Json.Nodes;
using OkrBot.Bot.Conversation;
using OkrBot.Bot.Teams.Protocol;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Teams.Cards;

namespace OkrBot.Bot.Teams;

/// <summary>
/// Does what an authenticated activity asks: install and uninstall bookkeeping, or a channel-neutral turn whose answer
/// goes back as a reply, an in-place card update, or an invoke response.
/// </summary>
public sealed partial class TeamsActivityProcessor(
    PeopleService people, ConversationService conversations, TurnHandler handler, TeamsSender sender, ILogger<TeamsActivityProcessor> logger)
{
    public const string AdaptiveCardInvoke = "adaptiveCard/action";

    public async Task<IResult> ProcessAsync(Activity activity, CancellationToken ct)
    {
        switch (activity.Type)
        {
            case ActivityTypes.InstallationUpdate when activity.Action?.StartsWith("remove", StringComparison.OrdinalIgnoreCase) == true:
                await UninstalledAsync(activity, ct);
                return Results.Ok();
            case ActivityTypes.InstallationUpdate:
                await InstalledAsync(activity, ct);
                return Results.Ok();
            case ActivityTypes.ConversationUpdate when Includes(activity.MembersAdded, activity.Recipient?.Id):
                await InstalledAsync(activity, ct);
                return Results.Ok();
            case ActivityTypes.ConversationUpdate when Includes(activity.MembersRemoved, activity.Recipient?.Id):
                await UninstalledAsync(activity, ct);
                return Results.Ok();
            case ActivityTypes.Message:
                await MessageAsync(activity, ct);
                return Results.Ok();
            case ActivityTypes.Invoke when activity.Name == AdaptiveCardInvoke:
                return await CardInvokeAsync(activity, ct);
            default:
                // Typing, reactions, other invokes, types added to the protocol later: acknowledged, not acted on.
                LogIgnored(activity.Type, activity.Name);
                return Results.Ok();
        }
    }

    private async Task InstalledAsync(Activity activity, CancellationToken ct)
    {
        if (await RegisterAsync(activity, ct) is not { } registration) return;
        var captured = await CaptureAsync(activity, registration, ct);
        if (!ShouldWelcome(registration, captured)) return;
        var turn = TurnFor(registration, new TurnInput.Text(""));
        await sender.ReplyAsync(activity, handler.Welcome(turn, activity.From?.Name).View, ct);
    }

    /// <summary>
    /// Install events come in pairs (installationUpdate and conversationUpdate, sent at the same moment) and again on
    /// every page reload or reinstall. Both of a pair see a newcomer, so in a 1:1 chat the welcome goes with storing the
    /// conversation: the store's unique key lets exactly one event do that. A newcomer whose stored conversation moved
    /// (a demo person someone was told about before anybody played them) is welcomed too. Outside a 1:1 chat nothing
    /// is stored: welcome a newcomer.
    /// </summary>
    private static bool ShouldWelcome(Registration registration, CapturedConversation? captured) =>
        captured is null ? registration.IsNewcomer : captured.IsNew || (registration.IsNewcomer && captured.Changed);

    private async Task UninstalledAsync(Activity activity, CancellationToken ct)
    {
        if (await RegisterAsync(activity, ct) is not { } registration) return;
        if (await conversations.DropAsync(registration.Person, Channel.Teams, ct))
            LogUninstalled(registration.Person.Id);
    }

    private async Task MessageAsync(Activity activity, CancellationToken ct)
    {
        if (await RegisterAsync(activity, ct) is not { } registration) return;
        await CaptureAsync(activity, registration, ct);

        // Action.Submit (a host without Universal Actions): the card's data arrives as the message's value.
        var action = activity.Value is { ValueKind: JsonValueKind.Object } value ? CardActionFrom(value, verb: null) : null;
        var turn = TurnFor(registration, action ?? (TurnInput)new TurnInput.Text(activity.Text ?? "")) with
        {
            SourceMessageId = action is null ? null : activity.ReplyToId,
        };
        var answer = await handler.HandleAsync(turn, ct);

        if (action is not null && !string.IsNullOrEmpty(activity.ReplyToId))
        {
            var replaced = await sender.ReplaceAsync(activity, activity.ReplyToId, answer.View, ct);
            // A client that cannot update messages still gets the answer.
            if (!replaced.IsSent) await sender.ReplyAsync(activity, answer.View, ct);
        }
        else
        {
            await sender.ReplyAsync(activity, answer.View, ct);
        }
    }

    private async Task<IResult> CardInvokeAsync(Activity activity, CancellationToken ct)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object
            || !action.TryGetProperty("verb", out var verb) || verb.ValueKind != JsonValueKind.String)
            return InvokeError("BadRequest", "The invoke carries no Action.Execute with a verb.");
        if (await RegisterAsync(activity, ct) is not { } registration)
            return InvokeError("BadRequest", "The invoke does not say who sent it.");
        await CaptureAsync(activity, registration, ct);

        var data = action.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        // Teams names the card's message in replyToId: the invoke response replaces it.
        var turn = TurnFor(registration, CardActionFrom(data, verb.GetString())) with { SourceMessageId = activity.ReplyToId };
        var answer = await handler.HandleAsync(turn, ct);
        // Universal Actions: the card in the invoke response replaces the one acted on, so it cannot be sent twice.
        return Results.Json(new JsonObject
        {
            ["statusCode"] = 200,
            ["type"] = AdaptiveCardRenderer.ContentType,
            ["value"] = AdaptiveCardRenderer.Render(answer.View),
        });
    }

    private async Task<Registration?> RegisterAsync(Activity activity, CancellationToken ct)
    {
        var user = new ChannelUser(Channel.Teams, activity.TenantId ?? "", activity.From?.Id ?? "", activity.From?.Name,
            activity.From?.AadObjectId, activity.EffectiveLocale, activity.ClientTimeZone);
        var registered = await people.RegisterAsync(user, ct);
        if (registered.Error is { } error)
        {
            LogNotRegistered(activity.Type, error.Message);
            return null;
        }
        return registered.Value;
    }

    private async Task<CapturedConversation?> CaptureAsync(Activity activity, Registration registration, CancellationToken ct)
    {
        // Only a 1:1 chat is where the rhythm reaches a person; group chats and channels are not captured.
        if (activity.Conversation is not { } conversation || conversation.ConversationType is not (null or "personal") || conversation.IsGroup == true)
            return null;
        var captured = await conversations.CaptureAsync(registration.Person, Channel.Teams, new ConversationAddress(
            conversation.Id ?? "", activity.ServiceUrl, activity.ChannelId, conversation.ConversationType, activity.Recipient?.Id), ct,
            registration.Conversation);
        return captured.Value;
    }

    private static Turn TurnFor(Registration registration, TurnInput input) =>
        new(Channel.Teams, registration.Person, input, registration.PlaysDemoPerson ? registration.Person.DisplayName : null);

    /// <summary>Card data flattened to strings (Teams sends numbers as strings, but a client may not); the verb from the data when not given.</summary>
    private static TurnInput.CardAction CardActionFrom(JsonElement data, string? verb)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in data.EnumerateObject())
            {
                var text = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => null,
                };
                if (text is not null) values[property.Name] = text;
            }
        }
        return new TurnInput.CardAction(verb ?? values.GetValueOrDefault(CardVerbs.VerbKey) ?? "", values);
    }

    private static bool Includes(List<ChannelAccount>? members, string? id) =>
        id is not null && members?.Any(m => m.Id == id) == true;

    private static IResult InvokeError(string code, string message) => Results.Json(new JsonObject
    {
        ["statusCode"] = 400,
        ["type"] = "application/vnd.microsoft.error",
        ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
    });

    [LoggerMessage(LogLevel.Debug, "Ignored a {Type} activity ({Name})")]
    private partial void LogIgnored(string? type, string? name);

    [LoggerMessage(LogLevel.Information, "Person {PersonId} removed the bot; their conversation reference is dropped")]
    private partial void LogUninstalled(Guid personId);

    [LoggerMessage(LogLevel.Warning, "Could not tell who sent a {Type} activity: {Reason}")]
    private partial void LogNotRegistered(string? type, string reason);
}
