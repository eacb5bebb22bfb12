using System.Net;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Feishu.Api;
using OkrBot.Tests.Feishu.Inbound;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Bot;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Faults;

/// <summary>
/// The bot's answer to someone who wrote to it, when the messenger's API fails: Teams replies inside the request are retried
/// by the connector client as the Bot Connector asks; a Feishu answer, sent after the 200, is tried again by the inbox under
/// the same uuid. Either way the person gets one answer, not none and not two.
/// </summary>
public sealed class ReplyFaultTests() : StoreTests(DatabaseProvider.Postgres)
{
    /// <summary>This class's rows of the faults table in docs/reliability.md.</summary>
    public static IReadOnlyList<string> Rows { get; } =
    [
        "| Reply (Teams) | 503, then 502, then success | retried inside the request as the Bot Connector asks; one reply; the request answered 200 |",
        "| Reply (Teams) | 500 | not retried (not transient for the Bot Connector); logged; the request answered 200 |",
        "| Reply (Feishu) | 503, 429, a reset connection, a 200 that is not JSON | the inbox tries the answer again after Feishu's wait or a backoff, same uuid; one answer; the event completes |",
    ];

    [Fact]
    public async Task A_Teams_reply_that_meets_two_503s_goes_out_on_the_third_try_once()
    {
        await using var bot = await TeamsBot.StartAsync(Store);
        bot.Connector.Enqueue(FakeReply.Status(503), FakeReply.Error(502, "ServiceError"));

        var response = await bot.PostAsync(bot.Message("help"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = bot.Connector.ConnectorRequests.Where(r => r.Route == FakeRoute.SendToConversation).ToList();
        Assert.Equal([503, 502, 200], replies.Select(r => r.AnsweredStatus));
    }

    [Fact]
    public async Task A_Teams_reply_that_meets_a_500_is_not_tried_again_and_the_request_still_succeeds()
    {
        await using var bot = await TeamsBot.StartAsync(Store);
        bot.Connector.Enqueue(FakeReply.Error(500, "ServiceError"));

        var response = await bot.PostAsync(bot.Message("help"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([500], bot.Connector.ConnectorRequests.Where(r => r.Route == FakeRoute.SendToConversation).Select(r => r.AnsweredStatus));
    }

    [Theory]
    [InlineData("503")]
    [InlineData("429")]
    [InlineData("reset")]
    [InlineData("malformed")]
    public async Task A_Feishu_answer_that_fails_for_now_is_sent_again_under_the_same_uuid_and_the_event_completes(string fault)
    {
        await using var bot = await FeishuBot.StartAsync(Store);
        bot.Api.Enqueue(fault switch
        {
            "503" => FeishuReply.Status(503),
            "429" => FeishuReply.Throttled("1"),
            "reset" => FeishuReply.Reset(),
            _ => FeishuReply.Raw(200, "{\"code\":0,\"data\":{\"message_id\":"),
        });
        var message = FeishuBot.Message("help");

        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(message)).StatusCode);

        await Poll.UntilAsync(async () => await PendingAsync() == 0 && bot.Api.Sends.Count >= 2, "the answer to be sent again",
            () => string.Join(", ", bot.Api.Sends.Select(s => s.AnsweredStatus)), TimeSpan.FromSeconds(60));
        var sends = bot.Api.Sends;
        Assert.Equal(2, sends.Count);
        var eventId = (string)message["header"]!["event_id"]!;
        Assert.All(sends, s => Assert.Equal(eventId, s.Json["uuid"]!.GetValue<string>()));
    }

    private async Task<int> PendingAsync()
    {
        await using var db = Store.Database.Open();
        return await db.Set<FeishuEvent>().CountAsync(e => e.ProcessedAt == null);
    }
}
