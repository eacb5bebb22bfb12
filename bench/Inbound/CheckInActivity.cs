using System.Globalization;
using System.Text.Json.Nodes;
using OkrBot.Core.Model;

namespace OkrBot.Bench.Inbound;

/// <summary>
/// The request body: the <c>message</c> activity Teams posts when a person submits their weekly check-in card through
/// the card's Action.Submit (a host without Universal Actions): <c>value</c> holds the card's data (verb, week, KR ids)
/// merged with its inputs (per KR a value, a status, a confidence and a note; the blockers), <c>replyToId</c> names the
/// card's message. Fields and their shapes as Teams sends them (ids, clientInfo entity, channelData with the tenant).
/// </summary>
public static class CheckInActivity
{
    private static readonly string[] Statuses = ["OnTrack", "AtRisk", "OffTrack"];

    private static readonly string[] Notes =
    [
        "Two pilot customers live; the third signs next week.",
        "The setup wizard lost 12% of people at the permissions step; a fix is in review.",
        "Translations for Japan are late, the rest of the regions are done.",
    ];

    /// <param name="person">Who submits.</param>
    /// <param name="week">The Monday the card was made for.</param>
    /// <param name="serviceUrl">Where the bot answers (the fake connector).</param>
    /// <param name="tenantId">The Teams tenant.</param>
    /// <param name="botId">The bot's Teams id (28:&lt;app id&gt;).</param>
    /// <param name="variant">Which of a person's cards: two variants in a row differ in every value, so each submit is a real
    /// amendment (the same card twice is a replay OkrBot records once and does not write again).</param>
    public static string For(BenchPerson person, DateOnly week, string serviceUrl, string tenantId, string botId, int variant = 0)
    {
        var i = person.Index;
        var v = i + variant;
        var ids = person.KeyResults.Select(k => k.Id.ToString("D")).ToList();
        var value = new JsonObject
        {
            ["verb"] = "checkin.submit",
            ["week"] = week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["krs"] = string.Join(',', ids),
        };
        for (var k = 0; k < person.KeyResults.Count; k++)
        {
            var kr = person.KeyResults[k];
            var id = ids[k];
            value[$"value:{id}"] = kr.Kind switch
            {
                KeyResultKind.Metric => (2100 + v % 900).ToString(CultureInfo.InvariantCulture),
                KeyResultKind.Percentage => (35 + v % 40).ToString(CultureInfo.InvariantCulture),
                _ => (v % 2).ToString(CultureInfo.InvariantCulture),
            };
            value[$"status:{id}"] = Statuses[(v + k) % Statuses.Length];
            value[$"confidence:{id}"] = (5 + (v + k) % 5).ToString(CultureInfo.InvariantCulture);
            value[$"note:{id}"] = Notes[k % Notes.Length];
        }
        value["blockers"] = v % 3 == 0 ? "Waiting on the security review of the new permissions screen." : "";

        var now = DateTimeOffset.UtcNow;
        var activity = new JsonObject
        {
            ["text"] = "",
            ["textFormat"] = "plain",
            ["type"] = "message",
            ["timestamp"] = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["localTimestamp"] = now.ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["id"] = (1732291900000L + i).ToString(CultureInfo.InvariantCulture),
            ["channelId"] = LocalBotFramework.ChannelId,
            ["serviceUrl"] = serviceUrl,
            ["from"] = new JsonObject { ["id"] = person.UserId, ["name"] = person.Name, ["aadObjectId"] = person.AadObjectId },
            ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = tenantId, ["id"] = person.ConversationId },
            ["recipient"] = new JsonObject { ["id"] = botId, ["name"] = "OkrBot" },
            ["replyToId"] = (1732291800000L + i).ToString(CultureInfo.InvariantCulture),
            ["entities"] = new JsonArray(new JsonObject
            {
                ["locale"] = "en-US", ["country"] = "US", ["platform"] = "Web", ["timezone"] = "Europe/Berlin", ["type"] = "clientInfo",
            }),
            ["channelData"] = new JsonObject
            {
                ["tenant"] = new JsonObject { ["id"] = tenantId },
                ["source"] = new JsonObject { ["name"] = "message" },
                ["legacy"] = new JsonObject { ["replyToId"] = $"1:1bench{i:D6}" },
            },
            ["value"] = value,
            ["locale"] = "en-US",
            ["localTimezone"] = "Europe/Berlin",
        };
        return activity.ToJsonString();
    }
}
