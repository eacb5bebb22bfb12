using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Feishu.Api;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Feishu.Inbound;

/// <summary>
/// Who Feishu's events are about, through POST /api/feishu/events and a fake Feishu API with a contact directory: newcomers
/// named and given their manager from the directory (or not, without the permission), @-mentions of the bot told from
/// mentions of others, the welcome when someone first opens the bot's chat, the help card when the bot joins a group, old
/// schema 1.0 events acknowledged, and processed event rows forgotten after a while.
/// </summary>
public sealed class FeishuPeopleAndChatsTests() : StoreTests(DatabaseProvider.Postgres)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_newcomer_is_named_from_the_directory_gets_their_leader_as_manager_and_is_answered_in_chinese()
    {
        await using var bot = await FeishuBot.StartAsync(Store);
        bot.Api.AddUser("ou_alex", "王芳", leaderOpenId: "ou_boss", englishName: "Fang Wang");
        bot.Api.AddUser("ou_boss", "张伟");

        await bot.PostAsync(FeishuBot.Message("help"));

        await Poll.UntilAsync(() => bot.Api.Sends.Count > 0, "the answer is sent", deadline: Deadline);
        await using var db = Store.Database.Open();
        var alex = await db.People.SingleAsync(p => p.ExternalId == "ou_alex");
        var boss = await db.People.SingleAsync(p => p.ExternalId == "ou_boss");
        Assert.Equal(("王芳", "zh-CN", (Guid?)boss.Id), (alex.DisplayName, alex.Locale, alex.ManagerId));
        Assert.Equal("张伟", boss.DisplayName);
        Assert.Equal(["/open-apis/contact/v3/users/ou_alex", "/open-apis/contact/v3/users/ou_boss"],
            bot.Api.DirectoryRequests.Where(r => r.Route == FeishuRoute.GetUser).Select(r => r.Path));
        Assert.Contains("帮助", bot.SentCards().Single().Card.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
    }

    [Fact]
    public async Task Without_the_directory_permission_the_person_keeps_their_open_id_and_is_not_looked_up_on_every_message()
    {
        await using var bot = await FeishuBot.StartAsync(Store);

        await bot.PostAsync(FeishuBot.Message("help"));
        await bot.PostAsync(FeishuBot.Message("my okrs"));

        await Poll.UntilAsync(() => bot.Api.Sends.Count == 2, "both answers are sent", deadline: Deadline);
        await using var db = Store.Database.Open();
        var alex = await db.People.SingleAsync();
        Assert.Equal(("ou_alex", (Guid?)null), (alex.DisplayName, alex.ManagerId));
        Assert.Single(bot.Api.DirectoryRequests, r => r.Route == FeishuRoute.GetUser);
    }

    [Fact]
    public async Task A_group_message_that_mentions_someone_else_is_ignored_and_one_that_mentions_the_bot_is_answered()
    {
        await using var bot = await FeishuBot.StartAsync(Store);
        static JsonArray Mention(string openId) => new(new JsonObject { ["key"] = "@_user_1", ["id"] = new JsonObject { ["open_id"] = openId }, ["name"] = "x" });

        await bot.PostAsync(FeishuBot.Message("@_user_1 help", chatType: "group", mentions: Mention("ou_colleague")));
        await bot.PostAsync(FeishuBot.Message("@_user_1 help", chatType: "group", mentions: Mention(bot.Api.BotOpenId!)));

        await Poll.UntilAsync(async () => await PendingAsync() == 0 && bot.Api.Sends.Count > 0, "both events are processed", deadline: Deadline);
        await Task.Delay(300);
        Assert.Single(bot.Api.Sends);
        Assert.Single(bot.Api.DirectoryRequests, r => r.Route == FeishuRoute.BotInfo);
    }

    [Fact]
    public async Task Opening_the_bots_chat_the_first_time_brings_the_welcome_card_and_the_second_time_nothing()
    {
        await using var bot = await FeishuBot.StartAsync(Store);
        bot.Api.AddUser("ou_alex", "Alex Chen");

        await bot.PostAsync(ChatEntered("ou_alex"));
        await Poll.UntilAsync(() => bot.Api.Sends.Count > 0, "the welcome is sent", deadline: Deadline);
        await bot.PostAsync(ChatEntered("ou_alex"));
        await Poll.UntilAsync(async () => await PendingAsync() == 0 && await EventsAsync() == 2, "the second visit is processed", deadline: Deadline);

        var (request, card) = Assert.Single(bot.SentCards());
        Assert.Equal("ou_alex", (string?)request.Json["receive_id"]);
        Assert.Contains("Alex Chen", card.ToJsonString());
        Assert.Contains(CardVerbs.CheckInOpen, card.ToJsonString());
        await using var db = Store.Database.Open();
        Assert.Equal("oc_p2p_ou_alex", (await db.ConversationReferences.SingleAsync()).ConversationId);
    }

    [Fact]
    public async Task A_manager_the_directory_introduced_is_welcomed_when_they_first_open_the_bots_chat()
    {
        await using var bot = await FeishuBot.StartAsync(Store);
        bot.Api.AddUser("ou_alex", "Alex Chen", leaderOpenId: "ou_boss");
        bot.Api.AddUser("ou_boss", "Daniel Weber");
        await bot.PostAsync(FeishuBot.Message("help"));
        await Poll.UntilAsync(() => bot.Api.Sends.Count == 1, "Alex is answered", deadline: Deadline);

        await bot.PostAsync(ChatEntered("ou_boss"));

        await Poll.UntilAsync(() => bot.Api.Sends.Count == 2, "the manager is welcomed", deadline: Deadline);
        var (request, card) = bot.SentCards()[1];
        Assert.Equal("ou_boss", (string?)request.Json["receive_id"]);
        Assert.Contains("Daniel Weber", card.ToJsonString());
    }

    [Fact]
    public async Task When_the_bot_joins_a_group_it_posts_the_help_card_there()
    {
        await using var bot = await FeishuBot.StartAsync(Store);

        var response = await bot.PostAsync(FeishuBot.Event("im.chat.member.bot.added_v1", new JsonObject
        {
            ["chat_id"] = "oc_group_1", ["operator_id"] = new JsonObject { ["open_id"] = "ou_alex" }, ["name"] = "Product team",
            ["external"] = false, ["operator_tenant_key"] = FeishuBot.TenantKey,
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Poll.UntilAsync(() => bot.Api.Sends.Count > 0, "the help card is sent", deadline: Deadline);
        var (request, card) = Assert.Single(bot.SentCards());
        Assert.Equal(("oc_group_1", "?receive_id_type=chat_id"), ((string?)request.Json["receive_id"], request.Query));
        Assert.Contains(CardVerbs.MyOkrs, card.ToJsonString());
    }

    [Fact]
    public async Task A_schema_1_event_is_acknowledged_and_changes_nothing()
    {
        await using var bot = await FeishuBot.StartAsync(Store);

        var response = await bot.PostAsync(new JsonObject
        {
            ["uuid"] = "41b5f371157e3d5341b38b20396e77a3", ["token"] = FeishuBot.VerificationToken, ["ts"] = "1550038209.428520", ["type"] = "event_callback",
            ["event"] = new JsonObject { ["type"] = "message", ["open_id"] = "ou_alex", ["text"] = "help" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Task.Delay(300);
        Assert.Equal(0, await EventsAsync());
        Assert.Empty(bot.Api.Requests);
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.People.CountAsync());
    }

    [Fact]
    public async Task Processed_events_are_forgotten_after_three_days_and_recent_ones_are_kept()
    {
        var now = Store.Clock.GetUtcNow();
        await using (var db = Store.Database.Open())
        {
            db.Set<FeishuEvent>().AddRange(
                new FeishuEvent { EventId = "old-processed", EventType = "card.action.trigger", ReceivedAt = now.AddDays(-4), ProcessedAt = now.AddDays(-4) },
                new FeishuEvent { EventId = "recent-processed", EventType = "card.action.trigger", ReceivedAt = now.AddDays(-1), ProcessedAt = now.AddDays(-1) });
            await db.SaveChangesAsync();
        }

        await using var bot = await FeishuBot.StartAsync(Store);

        await Poll.UntilAsync(async () => await EventsAsync() == 1, "the old row is deleted", deadline: Deadline);
        await using var check = Store.Database.Open();
        Assert.Equal("recent-processed", (await check.Set<FeishuEvent>().SingleAsync()).EventId);
    }

    private static JsonObject ChatEntered(string openId) => FeishuBot.Event("im.chat.access_event.bot_p2p_chat_entered_v1", new JsonObject
    {
        ["chat_id"] = "oc_p2p_" + openId,
        ["operator_id"] = new JsonObject { ["open_id"] = openId, ["union_id"] = "on_" + openId },
        ["last_message_id"] = "", ["last_message_create_time"] = "",
    });

    private async Task<int> PendingAsync()
    {
        await using var db = Store.Database.Open();
        return await db.Set<FeishuEvent>().CountAsync(e => e.ProcessedAt == null);
    }

    private async Task<int> EventsAsync()
    {
        await using var db = Store.Database.Open();
        return await db.Set<FeishuEvent>().CountAsync();
    }
}
