using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Demo;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Bot;
using Microsoft.Extensions.DependencyInjection;

namespace OkrBot.Tests.Feishu.Inbound;

/// <summary>
/// POST /api/feishu/events with callbacks sealed by the official Feishu SDK: the URL verification, a text message answered
/// through the Feishu API, a card action answered in place. Repeated pushes and every bad request are rows of the hostile
/// input catalogue (tests/Hostile/FeishuCatalogue.cs).
/// </summary>
public sealed class FeishuEventsEndpointTests() : StoreTests(DatabaseProvider.Postgres)
{
    private async Task<FeishuBot> StartWithDemoAsync()
    {
        var bot = await FeishuBot.StartAsync(Store);
        await bot.Factory.Services.GetRequiredService<DemoOrganisation>().SeedAsync();
        return bot;
    }

    [Fact]
    public async Task The_url_verification_is_answered_with_its_challenge()
    {
        await using var bot = await FeishuBot.StartAsync(Store);

        var response = await bot.PostAsync(new JsonObject
        {
            ["challenge"] = "ajls384kdjx98XX", ["token"] = FeishuBot.VerificationToken, ["type"] = "url_verification",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ajls384kdjx98XX", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["challenge"]);
    }

    [Fact]
    public async Task A_help_message_is_answered_with_a_help_card_sent_to_the_person_and_the_chat_is_stored()
    {
        await using var bot = await FeishuBot.StartAsync(Store);
        var message = FeishuBot.Message("help");

        var response = await bot.PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Poll.UntilAsync(() => bot.Api.Sends.Count > 0, "the answer is sent", deadline: TimeSpan.FromSeconds(30));
        var (request, card) = Assert.Single(bot.SentCards());
        Assert.Equal(("ou_alex", "interactive", (string?)message["header"]!["event_id"]),
            ((string?)request.Json["receive_id"], (string?)request.Json["msg_type"], (string?)request.Json["uuid"]));
        Assert.Equal("2.0", (string?)card["schema"]);
        Assert.Contains(CardVerbs.CheckInOpen, card.ToJsonString());

        await using var db = Store.Database.Open();
        var person = await db.People.SingleAsync(p => p.ExternalId == "ou_alex");
        Assert.Equal(Channel.Feishu, (await db.Tenants.SingleAsync(t => t.Id == person.TenantId)).Channel);
        var chat = await db.ConversationReferences.SingleAsync(c => c.PersonId == person.Id);
        Assert.Equal((Channel.Feishu, "oc_chat_ou_alex"), (chat.Channel, chat.ConversationId));
        await Poll.UntilAsync(async () => await PendingEventsAsync() == 0, "the event is marked processed", deadline: TimeSpan.FromSeconds(30));
        Assert.Null((await db.Set<FeishuEvent>().AsNoTracking().SingleAsync()).Payload);
    }

    [Fact]
    public async Task A_group_message_that_mentions_the_bot_is_answered_without_the_mention_and_one_that_does_not_is_ignored()
    {
        await using var bot = await FeishuBot.StartAsync(Store);
        var mention = new JsonArray(new JsonObject { ["key"] = "@_user_1", ["id"] = new JsonObject { ["open_id"] = "ou_bot" }, ["name"] = "OkrBot" });

        await bot.PostAsync(FeishuBot.Message("hello everyone", chatType: "group"));
        await bot.PostAsync(FeishuBot.Message("@_user_1 help", chatType: "group", mentions: mention));

        await Poll.UntilAsync(async () => await PendingEventsAsync() == 0 && bot.Api.Sends.Count > 0, "both events are processed", deadline: TimeSpan.FromSeconds(30));
        var (_, card) = Assert.Single(bot.SentCards());
        Assert.Contains(CardVerbs.CheckInOpen, card.ToJsonString());
        await using var db = Store.Database.Open();
        Assert.Empty(await db.ConversationReferences.ToListAsync());
    }

    [Fact]
    public async Task A_message_accepted_before_a_restart_is_answered_after_it()
    {
        var message = FeishuBot.Message("help");
        await using (var db = Store.Database.Open())
        {
            db.Set<FeishuEvent>().Add(new FeishuEvent
            {
                EventId = (string)message["header"]!["event_id"]!, EventType = "im.message.receive_v1", ReceivedAt = Store.Clock.GetUtcNow(),
                Payload = message.ToJsonString(),
            });
            await db.SaveChangesAsync();
        }

        await using var bot = await FeishuBot.StartAsync(Store);

        await Poll.UntilAsync(async () => await PendingEventsAsync() == 0 && bot.Api.Sends.Count > 0, "the pending event is processed", deadline: TimeSpan.FromSeconds(30));
        Assert.Single(bot.Api.Sends);
    }

    [Fact]
    public async Task A_check_in_submitted_from_a_feishu_card_is_recorded_and_answered_with_the_replaced_card_and_a_toast()
    {
        await using var bot = await StartWithDemoAsync();
        await bot.PostAsync(FeishuBot.Message("check in"));
        await Poll.UntilAsync(() => bot.Api.Sends.Count > 0, "the check-in card is sent", deadline: TimeSpan.FromSeconds(30));
        var card = Assert.Single(bot.SentCards()).Card;
        var (value, form) = SubmitOf(card);

        var response = await bot.PostAsync(FeishuBot.CardAction(value, form, messageId: "om_message-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("success", (string?)body["toast"]!["type"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["toast"]!["content"]));
        Assert.Equal("raw", (string?)body["card"]!["type"]);
        Assert.Equal("2.0", (string?)body["card"]!["data"]!["schema"]);
        Assert.DoesNotContain(CardVerbs.CheckInSubmit, body["card"]!["data"]!.ToJsonString());
        await using var db = Store.Database.Open();
        var alex = await db.People.SingleAsync(p => p.ExternalId == "ou_alex");
        var thisWeek = await db.CheckIns.Where(c => c.AuthorId == alex.Id && c.WeekOf == new DateOnly(2026, 11, 16)).ToListAsync();
        Assert.Equal(CardVerbs.ParseKeyResultIds((string?)value[CardVerbs.KeyResultsKey]).Count, thisWeek.Count);
        Assert.NotEmpty(thisWeek);
    }

    private async Task<int> PendingEventsAsync()
    {
        await using var db = Store.Database.Open();
        return await db.Set<FeishuEvent>().CountAsync(e => e.ProcessedAt == null);
    }

    /// <summary>The submit button's callback value, and a form_value as Feishu sends it: every named input filled in.</summary>
    private static (JsonObject Value, JsonObject Form) SubmitOf(JsonObject card)
    {
        var nodes = card.Descendants().OfType<JsonObject>().ToList();
        var submit = nodes.First(o => (string?)o["form_action_type"] == "submit");
        var value = submit["behaviors"]![0]!["value"]!.DeepClone().AsObject();
        Assert.Equal(CardVerbs.CheckInSubmit, (string?)value[CardVerbs.VerbKey]);
        var form = new JsonObject();
        foreach (var input in nodes.Where(o => o["name"] is JsonValue && o["tag"] is JsonValue tag && (string?)tag != "button" && (string?)tag != "form"))
        {
            var name = (string)input["name"]!;
            var id = OkrBot.Jobs.Channels.Feishu.Cards.FeishuInputNames.Decode(name);
            form[name] = input["options"] is JsonArray options
                ? (id.StartsWith("status", StringComparison.Ordinal) ? "OnTrack" : (string?)options[0]!["value"])
                : id.StartsWith("value", StringComparison.Ordinal) ? "2" : "";
        }
        return (value, form);
    }
}
