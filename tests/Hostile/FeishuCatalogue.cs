using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Feishu.Cards;
using OkrBot.Tests.Feishu.Inbound;

namespace OkrBot.Tests.Hostile;

/// <summary>
/// The hostile input catalogue, Feishu (POST /api/feishu/events, callbacks sealed by the official SDK where they are meant to
/// look real): bad signatures, stale and future timestamps, a wrong Verification Token or Encrypt Key, garbage ciphertext,
/// pushes Feishu repeats, and card actions carrying bad values. Refusals store nothing, call nothing.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class FeishuCatalogue(HostileWorld world)
{
    public const string Area = "Feishu";

    public static IReadOnlyList<HostileCase> Cases { get; } =
    [
        Refused("a signature that does not sign the request", 401, async w =>
        {
            var sealedCallback = await w.SealAsync(Help(w));
            return await w.PostFeishuAsync(sealedCallback with { Signature = (sealedCallback.Signature[0] == '0' ? "1" : "0") + sealedCallback.Signature[1..] });
        }, "The X-Lark-Signature does not sign this request."),
        Refused("no signature headers", 401, w => w.PostFeishuRawAsync(w.Sign(Encrypted()).Body, new Dictionary<string, string>()),
            "The X-Lark-Signature does not sign this request."),
        Refused("a timestamp 6 minutes old (a replay)", 401, async w => await w.PostFeishuAsync(await w.SealAsync(Help(w), age: TimeSpan.FromMinutes(6))),
            "The request is more than 5 minutes old"),
        Refused("a timestamp 6 minutes ahead", 401, async w => await w.PostFeishuAsync(await w.SealAsync(Help(w), age: -TimeSpan.FromMinutes(6))),
            "The request's timestamp is more than 5 minutes ahead."),
        Refused("a timestamp that is not a number, signed", 401, w =>
        {
            var body = Encrypted();
            return w.PostFeishuAsync(new SealedCallback(body, "yesterday", "nonce-1", Signature("yesterday", "nonce-1", body)));
        }, "The X-Lark-Request-Timestamp is not a Unix time."),
        Refused("a callback sealed with another Encrypt Key", 401, async w => await w.PostFeishuAsync(await w.SealAsync(Help(w), key: "another-key")),
            "The X-Lark-Signature does not sign this request."),
        Refused("the wrong Verification Token", 401, async w =>
        {
            var message = FeishuBot.Message("help", openId: w.Fei.ExternalId);
            message["header"]!["token"] = "not-the-token";
            return await w.PostFeishuAsync(await w.SealAsync(message));
        }, "The callback does not carry this app's Verification Token."),
        Refused("a URL verification with the wrong Verification Token", 401, async w => await w.PostFeishuAsync(await w.SealAsync(new JsonObject
        {
            ["challenge"] = "c-1", ["token"] = "guessed", ["type"] = "url_verification",
        })), "The callback does not carry this app's Verification Token."),
        Refused("a plain callback while an Encrypt Key is set", 401, w => w.PostFeishuAsync(w.Sign(FeishuBot.Message("help").ToJsonString())),
            "Callbacks must be encrypted with the Encrypt Key."),
        Refused("garbage ciphertext (zeros), signed", 400, w => w.PostFeishuAsync(w.Sign(Encrypted(Convert.ToBase64String(new byte[48])))),
            "The encrypt field does not decrypt"),
        Refused("ciphertext that is not base64, signed", 400, w => w.PostFeishuAsync(w.Sign(Encrypted("%%% not base64 %%%"))),
            "The encrypt field does not decrypt"),
        Refused("ciphertext that is not whole AES blocks, signed", 400, w => w.PostFeishuAsync(w.Sign(Encrypted(Convert.ToBase64String(new byte[37])))),
            "The encrypt field does not decrypt"),
        Refused("an encrypt field that is a number, signed", 400, w => w.PostFeishuAsync(w.Sign("{\"encrypt\":12345}")),
            "The encrypt field does not decrypt"),
        Refused("a body that is not JSON", 400, w => w.PostFeishuAsync(w.Sign("this is not json")), "The body is not a JSON object."),
        Refused("a JSON array", 400, w => w.PostFeishuAsync(w.Sign("[{\"encrypt\":\"x\"}]")), "The body is not a JSON object."),
        Refused("a body over 256 KB", 413, w => w.PostFeishuAsync(w.Sign(Encrypted(new string('A', 300 * 1024)))), "A callback may be at most"),
        Refused("an event_id of 200 characters", 400, async w => await w.PostFeishuAsync(await w.SealAsync(
            FeishuBot.Message("help", openId: w.Fei.ExternalId, eventId: new string('e', 200)))), "The event_id is too long."),
        Refused("an event that is not schema 2.0", 400, async w =>
        {
            var message = FeishuBot.Message("help", openId: w.Fei.ExternalId);
            message["schema"] = "1.0";
            return await w.PostFeishuAsync(await w.SealAsync(message));
        }, "neither a URL verification nor a schema 2.0 event"),
        new(Area, "a message event pushed again with the same event_id", 200, "an empty 200: already answered", async w =>
            await w.PostFeishuAsync(await w.SealAsync(FeishuBot.Message("help", openId: w.Fei.ExternalId, eventId: RepeatedMessage))))
        {
            Arrange = async w =>
            {
                if (await w.PostFeishuAsync(await w.SealAsync(FeishuBot.Message("help", openId: w.Fei.ExternalId, eventId: RepeatedMessage))) is { IsSuccessStatusCode: false } first)
                    Assert.Fail($"The first push was refused: {first.StatusCode}");
                await w.QuietAsync();
            },
            Check = (_, a) => a.AssertLogged($"Ignored a repeated Feishu event {RepeatedMessage}"),
            Database = "unchanged; no second answer",
        },
        new(Area, "a card action pushed again with the same event_id", 200, "{}: the card stays as it is", async w =>
            await w.PostFeishuAsync(await w.SealAsync(CheckIn(w, w.FeisKr, "7", eventId: RepeatedAction))))
        {
            Arrange = async w => Assert.Contains("success", await (await w.PostFeishuAsync(await w.SealAsync(CheckIn(w, w.FeisKr, "7", eventId: RepeatedAction))))
                .Content.ReadAsStringAsync()),
            Check = (_, a) => Assert.Equal("{}", a.Body),
        },
        new(Area, "an event type the bot does not handle", 200, "an empty 200, nothing done", async w =>
            await w.PostFeishuAsync(await w.SealAsync(FeishuBot.Event("im.message.reaction.created_v1", new JsonObject { ["message_id"] = "om_1", ["reaction_type"] = new JsonObject { ["emoji_type"] = "SMILE" } }))))
        {
            Check = (_, a) => Assert.Equal("", a.Body),
        },
        Card("a card check-in with a value of NaN", w => CheckIn(w, w.FeisKr, "NaN"), BotText.English.CardValueNotANumber),
        Card("a card check-in on another tenant's KR", w => CheckIn(w, w.EvesKr, "5"), BotText.English.Refusal(OkrErrorCode.NotFound, "keyResultId")),
        Card("a card check-in on a KR of a Teams tenant", w => CheckIn(w, w.Nps, "1000000000"),
            BotText.English.Refusal(OkrErrorCode.NotFound, "keyResultId")),
        new(Area, "a card action that does not say who pressed it", 200, "an error toast", async w =>
        {
            var action = CheckIn(w, w.FeisKr, "5");
            action["event"]!.AsObject().Remove("operator");
            return await w.PostFeishuAsync(await w.SealAsync(action));
        })
        {
            Check = (_, a) => Assert.Equal("error", (string?)a.Json!["toast"]!["type"]),
            Database = "the event_id recorded, nothing else",
            Changes = (_, before, after) =>
            {
                after.AssertOnlyChangedSince(before, "a card action without an operator", "FeishuEvent");
                return Task.CompletedTask;
            },
        },
    ];

    private const string RepeatedMessage = "event-message-repeated-0001";
    private const string RepeatedAction = "event-action-repeated-0001";

    public static TheoryData<string> Names => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public Task Refused_or_acted_on_once_with_nothing_else_changed(string @case) => Cases.Single(c => c.Name == @case).RunAsync(world);

    private static HostileCase Refused(string name, int status, Func<HostileWorld, Task<HttpResponseMessage>> send, string detail) =>
        new(Area, name, status, $"problem: \"{detail}\"", send)
        {
            Check = (_, a) => a.AssertSays(detail),
        };

    /// <summary>A card action by Fei answered with the card again, saying <paramref name="says"/> .</summary>
    private static HostileCase Card(string name, Func<HostileWorld, JsonObject> action, string says) =>
        new(Area, name, 200, $"the card again, with a toast: \"{says}\"", async w => await w.PostFeishuAsync(await w.SealAsync(action(w))))
        {
            Check = (_, a) =>
            {
                Assert.NotNull(a.Json!["toast"]);
                Assert.Equal("raw", (string?)a.Json["card"]!["type"]);
                a.AssertSays(says);
            },
            Database = "the event_id recorded, nothing else",
            Changes = (_, before, after) =>
            {
                after.AssertOnlyChangedSince(before, name, "FeishuEvent");
                Assert.Equal(1, after.Added(before, "FeishuEvent"));
                return Task.CompletedTask;
            },
        };

    private static JsonObject Help(HostileWorld w) => FeishuBot.Message("help", openId: w.Fei.ExternalId);

    /// <summary>A Feishu check-in card's submit by Fei: the button's value (verb, week, KR) and the form's inputs.</summary>
    private static JsonObject CheckIn(HostileWorld w, KeyResult kr, string value, string? eventId = null)
    {
        var action = FeishuBot.CardAction(
            new JsonObject
            {
                [CardVerbs.VerbKey] = CardVerbs.CheckInSubmit, [CardVerbs.WeekKey] = "2026-11-16", [CardVerbs.KeyResultsKey] = kr.Id.ToString(),
            },
            new JsonObject
            {
                [FeishuInputNames.Encode(CardVerbs.ValueInput(kr.Id))] = value,
                [FeishuInputNames.Encode(CardVerbs.StatusInput(kr.Id))] = nameof(KrStatus.OnTrack),
            },
            messageId: "om_card-1", openId: w.Fei.ExternalId);
        if (eventId is not null) action["header"]!["event_id"] = eventId;
        return action;
    }

    private static string Encrypted(string? ciphertext = null) => new JsonObject { ["encrypt"] = ciphertext ?? Convert.ToBase64String(new byte[64]) }.ToJsonString();

    private static string Signature(string timestamp, string nonce, string body) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(timestamp + nonce + FeishuBot.EncryptKey + body)));
}
