using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OkrBot.Core.Demo;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Teams.Bot;

/// <summary>
/// Whole conversations through POST /api/messages in local anonymous mode (as with the Agents Playground), on the
/// demo organisation: the newcomer plays Alex Chen, whose manager is Daniel Weber.
/// </summary>
public sealed class TeamsConversationTests() : StoreTests(DatabaseProvider.Postgres)
{
    private async Task<TeamsBot> StartWithDemoAsync()
    {
        var bot = await TeamsBot.StartAsync(Store);
        await bot.Factory.Services.GetRequiredService<DemoOrganisation>().SeedAsync();
        return bot;
    }

    [Fact]
    public async Task Installing_registers_the_person_stores_the_conversation_and_welcomes_them_once()
    {
        await using var bot = await StartWithDemoAsync();

        foreach (var reload in new[] { 1, 2 })
        {
            Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(bot.Activity("playground-installation-update.json"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(bot.Activity("playground-conversation-update.json"))).StatusCode);
        }

        var welcome = Assert.Single(bot.SentCards());
        Assert.Contains("Alex Chen", welcome.Card.ToJsonString());
        await using var db = Store.Database.Open();
        var alex = await db.People.SingleAsync(p => p.ExternalId == "user-id-0");
        var reference = await db.ConversationReferences.SingleAsync();
        Assert.Equal(("Alex Chen", alex.Id, bot.ServiceUrl, "5a33949b-7cae-4620-892c-f27a73b03498"),
            (alex.DisplayName, reference.PersonId, reference.ServiceUrl, reference.ConversationId));
    }

    [Fact]
    public async Task The_two_install_events_a_client_sends_at_the_same_moment_welcome_once()
    {
        await using var bot = await StartWithDemoAsync();
        string[] newcomers = ["user-id-0", "user-id-1", "user-id-2", "user-id-3"];

        // The Playground (like Teams) sends installationUpdate and conversationUpdate together, not one after the other.
        foreach (var user in newcomers)
        {
            void AsUser(JsonObject a)
            {
                a["from"]!["id"] = user;
                a["conversation"]!["id"] = $"conversation-of-{user}";
                if (a["membersAdded"] is JsonArray added) added[0]!["id"] = user;
            }
            var answers = await Task.WhenAll(
                bot.PostAsync(bot.Activity("playground-installation-update.json", AsUser)),
                bot.PostAsync(bot.Activity("playground-conversation-update.json", AsUser)));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        }

        var welcomes = bot.SentCards().GroupBy(c => c.Request.ConversationId).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(newcomers.ToDictionary(u => $"conversation-of-{u}", _ => 1), welcomes);
    }

    [Fact]
    public async Task Uninstalling_drops_the_conversation_reference()
    {
        await using var bot = await StartWithDemoAsync();
        await bot.PostAsync(bot.Activity("playground-installation-update.json"));

        await bot.PostAsync(bot.Activity("playground-installation-update.json", a => a["action"] = "remove"));

        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.ConversationReferences.CountAsync());
    }

    [Theory]
    [InlineData("what's the weather", "what")]
    [InlineData("help", null)]
    public async Task Help_or_anything_not_understood_gets_a_help_card_never_silence(string text, string? echoed)
    {
        await using var bot = await StartWithDemoAsync();

        await bot.PostAsync(bot.Message(text));

        var reply = Assert.Single(bot.SentCards());
        Assert.Equal(FakeRoute.SendToConversation, reply.Request.Route);
        var json = reply.Card.ToJsonString();
        Assert.Contains(CardVerbs.CheckInOpen, json);
        if (echoed is not null) Assert.Contains(echoed, json);
    }

    [Fact]
    public async Task A_chinese_speaker_gets_chinese_cards()
    {
        await using var bot = await StartWithDemoAsync();

        await bot.PostAsync(bot.Activity("playground-message-help.json", a => { a["text"] = "帮助"; a["locale"] = "zh-CN"; }));

        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", Assert.Single(bot.SentCards()).Card.ToJsonString(Unescaped));
    }

    [Fact]
    public async Task A_check_in_submitted_from_the_card_is_recorded_and_the_card_is_replaced_and_a_second_submit_amends_it()
    {
        await using var bot = await StartWithDemoAsync();
        await bot.PostAsync(bot.Message("check in"));
        var card = Assert.Single(bot.SentCards()).Card;
        var submit = SubmitData(card, valueFor: _ => "2");
        // A different status for every KR (a milestone's value stays done): an amendment, not a replay of the same card.
        var amended = SubmitData(card, valueFor: _ => "3");
        foreach (var status in amended.Where(p => p.Key.StartsWith("status:", StringComparison.Ordinal)).Select(p => p.Key).ToList())
            amended[status] = "AtRisk";

        var first = await bot.PostAsync(bot.Invoke(CardVerbs.CheckInSubmit, submit));
        var second = await bot.PostAsync(bot.Invoke(CardVerbs.CheckInSubmit, amended));

        foreach (var response in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal((200, "application/vnd.microsoft.card.adaptive"), ((int)body["statusCode"]!, (string)body["type"]!));
            Assert.DoesNotContain(CardVerbs.CheckInSubmit, body["value"]!.ToJsonString());
        }
        await using var db = Store.Database.Open();
        var alex = await db.People.SingleAsync(p => p.ExternalId == "user-id-0");
        var thisWeek = await db.CheckIns.Where(c => c.AuthorId == alex.Id && c.WeekOf == new DateOnly(2026, 11, 16)).ToListAsync();
        Assert.Equal(3, thisWeek.Count);
        Assert.All(thisWeek, c => Assert.Equal(2, c.Revision));
    }

    [Fact]
    public async Task Checking_in_from_another_card_turns_the_weeks_prompt_card_into_checked_in()
    {
        await using var bot = await StartWithDemoAsync();
        await bot.PostAsync(bot.Message("help"));
        await using (var db = Store.Database.Open())
        {
            // The rhythm sent Alex this week's prompt earlier; it became message "prompt-7" in the chat.
            var alex = await db.People.SingleAsync(p => p.ExternalId == "user-id-0");
            db.Deliveries.Add(new Core.Model.Delivery
            {
                TenantId = alex.TenantId, PersonId = alex.Id, Channel = Channel.Teams, Kind = DeliveryKind.CheckInPrompt, PeriodKey = "2026-11-16",
                State = DeliveryState.Sent, MessageId = "prompt-7", CreatedAt = Store.Clock.GetUtcNow(), UpdatedAt = Store.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        await bot.PostAsync(bot.Message("check in"));
        var submit = SubmitData(Assert.Single(bot.SentCards(), c => c.Card.ToJsonString().Contains(CardVerbs.CheckInSubmit)).Card, valueFor: _ => "2");
        var invoke = bot.Invoke(CardVerbs.CheckInSubmit, submit);
        invoke["replyToId"] = "activity-2";
        await bot.PostAsync(invoke);

        var update = await bot.Connector.WaitForRequestAsync(r => r.Route == FakeRoute.UpdateActivity && r.ActivityId == "prompt-7", TimeSpan.FromSeconds(20));
        Assert.Contains("Checked in for the week of", update.Body);
        Assert.DoesNotContain(bot.Connector.ConnectorRequests, r => r.Route == FakeRoute.UpdateActivity && r.ActivityId == "activity-2");
        // The dispatcher records the outcome just after the connector answered.
        Core.Model.Delivery closed;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await using var read = Store.Database.Open();
            closed = await read.Deliveries.AsNoTracking().SingleAsync(d => d.Kind == DeliveryKind.CheckInClosed);
            if (closed.State == DeliveryState.Sent) break;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Equal((DeliveryState.Sent, "prompt-7"), (closed.State, closed.MessageId));
    }

    [Fact]
    public async Task The_action_submit_fallback_records_the_check_in_and_updates_the_card_message_in_place()
    {
        await using var bot = await StartWithDemoAsync();
        await bot.PostAsync(bot.Message("check in"));
        var submit = SubmitData(Assert.Single(bot.SentCards()).Card, valueFor: _ => "2");
        submit[CardVerbs.VerbKey] = CardVerbs.CheckInSubmit;

        await bot.PostAsync(bot.Submit(submit, replyToId: "activity-1"));

        var update = bot.SentCards().Last();
        Assert.Equal(FakeRoute.UpdateActivity, update.Request.Route);
        Assert.Equal("activity-1", update.Request.ActivityId);
        await using var db = Store.Database.Open();
        Assert.Equal(3, await db.CheckIns.CountAsync(c => c.WeekOf == new DateOnly(2026, 11, 16)));
    }

    [Fact]
    public async Task Marking_a_key_result_at_risk_sets_it_and_tells_the_owners_manager_in_their_own_chat()
    {
        await using var bot = await StartWithDemoAsync();
        await bot.PostAsync(bot.Message("help"));
        Guid kr;
        await using (var db = Store.Database.Open())
        {
            var alex = await db.People.SingleAsync(p => p.ExternalId == "user-id-0");
            kr = (await db.KeyResults.FirstAsync(k => k.OwnerId == alex.Id)).Id;
        }

        var response = await bot.PostAsync(bot.Invoke(CardVerbs.KrAtRiskSubmit, new JsonObject
        {
            [CardVerbs.KeyResultKey] = kr.ToString(), [CardVerbs.ReasonInput] = "Payment provider slipped two weeks", [CardVerbs.RiskStatusInput] = "AtRisk",
        }));

        Assert.Contains("Daniel Weber", await response.Content.ReadAsStringAsync());
        // The alert goes through the durable delivery queue; the dispatcher in the bot's process sends it.
        // (The rhythm may be reaching other demo people at the same time: look for Daniel's conversation among them.)
        await bot.Connector.WaitForRequestAsync(r => r.Route == FakeRoute.CreateConversation && r.Body.Contains("demo:daniel"), TimeSpan.FromSeconds(20));
        await bot.Connector.WaitForRequestAsync(r => r.Route == FakeRoute.SendToConversation && r.Body.Contains("Payment provider slipped"), TimeSpan.FromSeconds(20));
        var alert = bot.SentCards().Last();
        Assert.Contains("Payment provider slipped two weeks", alert.Card.ToJsonString());
        Assert.Contains(CardVerbs.KrShow, alert.Card.ToJsonString());
        await using var read = Store.Database.Open();
        Assert.Equal(KrStatus.AtRisk, (await read.KeyResults.SingleAsync(k => k.Id == kr)).Status);
        var daniel = await read.People.SingleAsync(p => p.ExternalId == "demo:daniel");
        Assert.True((await read.ConversationReferences.SingleAsync(c => c.PersonId == daniel.Id)).IsActive);
        // (Daniel may get his rhythm's digest too, depending on the demo clock: the alert is the one to look at.)
        var delivery = await read.Deliveries.SingleAsync(d => d.PersonId == daniel.Id && d.Kind == DeliveryKind.AtRiskAlert);
        Assert.Equal(DeliveryState.Sent, delivery.State);
    }

    [Fact]
    public async Task Away_and_settings_commands_change_the_persons_own_settings()
    {
        await using var bot = await StartWithDemoAsync();

        await bot.PostAsync(bot.Message("away until 2026-12-04"));
        await bot.PostAsync(bot.Message("time zone Europe/Berlin"));
        await bot.PostAsync(bot.Message("check-in day thursday"));

        await using var db = Store.Database.Open();
        var alex = await db.People.SingleAsync(p => p.ExternalId == "user-id-0");
        Assert.Equal((new DateOnly(2026, 12, 4), "Europe/Berlin", DayOfWeek.Thursday), (alex.AwayUntil!.Value, alex.TimeZoneId, alex.CheckInDay!.Value));
        Assert.Equal(3, bot.SentCards().Count);
    }

    [Theory]
    [InlineData("okrs of Maria Garcia", "Grow US wholesale")]
    [InlineData("my team", "Ship a mobile ordering experience people love")]
    [InlineData("my okrs", "Make checkout effortless")]
    public async Task Okr_lists_answer_for_me_my_team_and_a_colleague(string command, string expectedObjective)
    {
        await using var bot = await StartWithDemoAsync();

        await bot.PostAsync(bot.Message(command));

        Assert.Contains(expectedObjective, Assert.Single(bot.SentCards()).Card.ToJsonString(Unescaped));
    }

    [Fact]
    public async Task A_colleagues_private_objective_stays_private_in_their_list()
    {
        await using var bot = await StartWithDemoAsync();

        await bot.PostAsync(bot.Message("okrs of Daniel Weber"));

        var card = Assert.Single(bot.SentCards()).Card.ToJsonString(Unescaped);
        Assert.DoesNotContain("Grow two future team leads", card);
    }

    [Fact]
    public async Task The_key_result_card_shows_its_history_and_offers_update_and_mark_at_risk()
    {
        await using var bot = await StartWithDemoAsync();
        await bot.PostAsync(bot.Message("help"));
        Guid kr;
        await using (var db = Store.Database.Open())
            kr = (await db.KeyResults.FirstAsync(k => k.Title == "Cut checkout steps from 7 to 3")).Id;

        var response = await bot.PostAsync(bot.Invoke(CardVerbs.KrShow, new JsonObject { [CardVerbs.KeyResultKey] = kr.ToString() }));

        var card = (await response.Content.ReadAsStringAsync());
        Assert.Contains(CardVerbs.KrUpdate, card);
        Assert.Contains(CardVerbs.KrAtRiskOpen, card);
        Assert.Contains(OkrBot.Core.Messages.Texts.BotText.English.HistoryTitle, card);
        // The demo's latest check-in was in the week before the test's clock: it is listed.
        Assert.Contains(OkrBot.Core.Messages.Texts.BotText.English.Date(new DateOnly(2026, 11, 9)), card);
    }

    [Fact]
    public async Task Update_on_a_key_result_card_answers_a_check_in_card_for_that_key_result_only()
    {
        await using var bot = await StartWithDemoAsync();
        await bot.PostAsync(bot.Message("help"));
        Guid kr, other;
        await using (var db = Store.Database.Open())
        {
            kr = (await db.KeyResults.FirstAsync(k => k.Title == "Cut checkout steps from 7 to 3")).Id;
            other = (await db.KeyResults.FirstAsync(k => k.Title == "Ship Apple Pay and WeChat Pay")).Id;
        }

        var response = await bot.PostAsync(bot.Invoke(CardVerbs.KrUpdate, new JsonObject { [CardVerbs.KeyResultKey] = kr.ToString() }));

        var card = await response.Content.ReadAsStringAsync();
        Assert.Contains(CardVerbs.CheckInSubmit, card);
        Assert.Contains(CardVerbs.ValueInput(kr), card);
        Assert.DoesNotContain(CardVerbs.ValueInput(other), card);
        Assert.Contains("2026-11-16", card);
    }

    [Fact]
    public async Task Typing_review_sends_the_review_card_and_its_submit_records_the_decisions_and_replaces_it_with_the_confirmation()
    {
        await using var bot = await StartWithDemoAsync();
        await bot.PostAsync(bot.Message("review"));
        var card = Assert.Single(bot.SentCards()).Card;
        var submit = CardData(card, CardVerbs.ReviewSubmit);
        var ids = CardVerbs.ParseKeyResultIds((string?)submit[CardVerbs.KeyResultsKey]);
        submit[CardVerbs.DecisionInput(ids[0])] = "Drop";
        submit[CardVerbs.ReviewNoteInput(ids[0])] = "No longer the bottleneck";

        var response = await bot.PostAsync(bot.Invoke(CardVerbs.ReviewSubmit, submit));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((200, "application/vnd.microsoft.card.adaptive"), ((int)body["statusCode"]!, (string)body["type"]!));
        var done = body["value"]!.ToJsonString(Unescaped);
        Assert.Contains(OkrBot.Core.Messages.Texts.BotText.English.ReviewDoneTitle, done);
        Assert.Contains(CardVerbs.ReviewOpen, done);
        Assert.DoesNotContain(CardVerbs.ReviewSubmit, done);
        await using var db = Store.Database.Open();
        var decisions = await db.ReviewDecisions.Where(d => ids.Contains(d.KeyResultId)).ToListAsync();
        Assert.Equal(3, ids.Count);
        Assert.Equal(3, decisions.Count);
        Assert.Equal(ReviewDecisionKind.Drop, decisions.Single(d => d.KeyResultId == ids[0]).Decision);
        Assert.True((await db.KeyResults.SingleAsync(k => k.Id == ids[0])).IsDropped);
    }

    [Fact]
    public async Task Typing_score_in_chinese_sends_the_scoring_card_and_the_submit_fallback_records_the_scores_in_place()
    {
        await using var bot = await StartWithDemoAsync();
        await bot.PostAsync(bot.Activity("playground-message-help.json", a => { a["text"] = "评分"; a["locale"] = "zh-CN"; }));
        var card = Assert.Single(bot.SentCards()).Card;
        Assert.Contains("期末评分", card.ToJsonString(Unescaped));
        var submit = CardData(card, CardVerbs.ScoringSubmit);
        var ids = CardVerbs.ParseKeyResultIds((string?)submit[CardVerbs.KeyResultsKey]);
        foreach (var id in ids) submit[CardVerbs.ScoreReasonInput(id)] = "按计划完成了大部分";
        submit[CardVerbs.VerbKey] = CardVerbs.ScoringSubmit;

        var fallback = bot.Submit(submit, replyToId: "activity-1");
        fallback["locale"] = "zh-CN";
        await bot.PostAsync(fallback);

        var update = bot.SentCards().Last();
        Assert.Equal(FakeRoute.UpdateActivity, update.Request.Route);
        Assert.Contains("评分已记录", update.Card.ToJsonString(Unescaped));
        await using var db = Store.Database.Open();
        Assert.Equal(ids.Order(), (await db.Scores.Select(s => s.KeyResultId).ToListAsync()).Order());
        Assert.All(await db.Scores.ToListAsync(), s => Assert.Equal("按计划完成了大部分", s.Reason));
    }

    /// <summary>What a client sends for the card's button <paramref name="verb"/>: its data and every input's value as the card shows it.</summary>
    private static JsonObject CardData(JsonObject card, string verb)
    {
        var execute = card.Descendants().OfType<JsonObject>().First(o => (string?)o["verb"] == verb);
        var data = execute["data"]!.DeepClone().AsObject();
        foreach (var input in card.Descendants().OfType<JsonObject>().Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true))
            data[(string)input["id"]!] = input["value"] is JsonValue v ? v.ToString() : "";
        return data;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The data a person's submit sends: the card's own action data plus a value and status for each KR input.</summary>
    internal static JsonObject SubmitData(JsonObject card, Func<string, string> valueFor)
    {
        var execute = card.Descendants().OfType<JsonObject>().First(o => (string?)o["verb"] == CardVerbs.CheckInSubmit);
        var data = execute["data"]!.DeepClone().AsObject();
        foreach (var kr in CardVerbs.ParseKeyResultIds((string?)data[CardVerbs.KeyResultsKey]))
        {
            var input = card.Descendants().OfType<JsonObject>().First(o => (string?)o["id"] == CardVerbs.ValueInput(kr));
            // A milestone takes done (1) or not done (0); everything else the value the test asks for.
            data[CardVerbs.ValueInput(kr)] = (string?)input["type"] == "Input.ChoiceSet" ? CardVerbs.MilestoneDone : valueFor(kr.ToString());
            data[CardVerbs.StatusInput(kr)] = "OnTrack";
        }
        return data;
    }
}

internal static class JsonWalk
{
    public static IEnumerable<JsonNode> Descendants(this JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
            foreach (var d in child.Descendants()) yield return d;
    }
}
