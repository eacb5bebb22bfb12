using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OkrBot.Core.Demo;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Jobs.Channels.Feishu.Cards;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Bot;

namespace OkrBot.Tests.Feishu.Inbound;

/// <summary>Drafting through POST /api/feishu/events: the cards as Feishu shows them, the form values as Feishu sends them.</summary>
public sealed class FeishuAuthoringTests() : StoreTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task A_draft_is_created_and_given_a_key_result_with_participants_from_feishu_cards()
    {
        await using var bot = await FeishuBot.StartAsync(Store);
        await bot.Factory.Services.GetRequiredService<DemoOrganisation>().SeedAsync();
        await bot.PostAsync(FeishuBot.Message("新建目标"));
        await Poll.UntilAsync(() => bot.Api.Sends.Count > 0, "the objective form is sent", deadline: TimeSpan.FromSeconds(30));
        var form = Assert.Single(bot.SentCards()).Card;
        Assert.Equal(BotText.English.NewObjectiveTitle, (string?)form["header"]!["title"]!["content"]);

        var draft = await ActAsync(bot, Submit(form), new JsonObject
        {
            [Name(CardVerbs.ObjectiveTitleInput)] = "Make reordering one tap",
            [Name(CardVerbs.VisibilityInput)] = "Public",
            [Name(CardVerbs.CycleInput)] = Options(form, CardVerbs.CycleInput)[0],
        });
        Assert.Equal(BotText.English.DraftLabel, (string?)draft["header"]!["title"]!["content"]);

        var krForm = await ActAsync(bot, Button(draft, CardVerbs.DraftKrOpen), null);
        var people = Options(krForm, CardVerbs.KrParticipantsInput, tag: "multi_select_static");
        Assert.True(people.Count >= 2, "the participants list offers the author's team");
        var saved = await ActAsync(bot, Submit(krForm), new JsonObject
        {
            [Name(CardVerbs.KrTitleInput)] = "Cut reorder time from 95 s to 45 s",
            [Name(CardVerbs.KrKindInput)] = "Metric",
            [Name(CardVerbs.KrStartInput)] = "95",
            [Name(CardVerbs.KrTargetInput)] = "45",
            [Name(CardVerbs.KrUnitInput)] = "s",
            [Name(CardVerbs.KrWeightInput)] = "1",
            [Name(CardVerbs.KrOwnerInput)] = Options(krForm, CardVerbs.KrOwnerInput)[0],
            // Feishu sends a multi-select's values as a list.
            [Name(CardVerbs.KrParticipantsInput)] = new JsonArray(people[1]),
        });

        Assert.Contains("Cut reorder time from 95 s to 45 s", saved.ToJsonString());
        await using var db = Store.Database.Open();
        var kr = await db.KeyResults.Include(k => k.Participants).Include(k => k.Objective).SingleAsync(k => k.Title == "Cut reorder time from 95 s to 45 s");
        Assert.Equal((ObjectiveState.Draft, "Make reordering one tap", Direction.Decrease), (kr.Objective!.State, kr.Objective.Title, kr.Direction));
        Assert.Equal([Guid.Parse(people[1])], kr.Participants.Select(p => p.PersonId));
    }

    private static string Name(string inputId) => FeishuInputNames.Encode(inputId);

    private static async Task<JsonObject> ActAsync(FeishuBot bot, JsonObject value, JsonObject? form)
    {
        var response = await bot.PostAsync(FeishuBot.CardAction(value, form, messageId: "om_authoring"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["card"]!["data"]!.AsObject();
    }

    private static IEnumerable<JsonObject> Nodes(JsonObject card) => card.Descendants().OfType<JsonObject>();

    private static JsonObject Submit(JsonObject card) =>
        Nodes(card).First(o => (string?)o["form_action_type"] == "submit")["behaviors"]![0]!["value"]!.DeepClone().AsObject();

    private static JsonObject Button(JsonObject card, string verb) =>
        Nodes(card).Where(o => (string?)o["tag"] == "button").Select(b => b["behaviors"]![0]!["value"]!.AsObject())
            .First(v => (string?)v[CardVerbs.VerbKey] == verb).DeepClone().AsObject();

    private static IReadOnlyList<string> Options(JsonObject card, string inputId, string tag = "select_static") =>
        Nodes(card).Single(o => (string?)o["tag"] == tag && (string?)o["name"] == Name(inputId))["options"]!.AsArray()
            .Select(o => (string)o!["value"]!).ToList();
}
