using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Hostile;

/// <summary>
/// The hostile input catalogue, bodies of POST /api/messages with a valid token: not JSON, cut off, too large, too deep,
/// the wrong types, ids missing, activity types the bot does not act on (acknowledged and ignored), and Unicode at its edges
/// (right-to-left, emoji, zero-width, NUL, lone surrogates, names far too long).
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class TeamsBodyCatalogue(HostileWorld world)
{
    public const string Area = "Bodies (Teams)";

    public static IReadOnlyList<HostileCase> Cases { get; } =
    [
        BadRequest("a body that is not JSON", _ => "this is not json", "The body is not a JSON activity"),
        BadRequest("a JSON body cut off mid-way", w => w.Message(w.Alex, "help").ToJsonString()[..60], "The body is not a JSON activity"),
        BadRequest("an empty body", _ => "", "The body is not a JSON activity"),
        BadRequest("JSON null", _ => "null", "The body is empty or null."),
        BadRequest("a JSON array", _ => "[{\"type\":\"message\"}]", "The body is not a JSON activity"),
        BadRequest("JSON nested 5,000 levels deep", _ => "{\"type\":\"message\",\"value\":" + new string('[', 5000) + new string(']', 5000) + "}",
            "The body is not a JSON activity"),
        BadRequest("a type that is a number", _ => "{\"type\":42}", "The body is not a JSON activity"),
        BadRequest("a sender that is a string", w => Edit(w, a => a["from"] = "alex"), "The body is not a JSON activity"),
        BadRequest("a text that is an object", w => Edit(w, a => a["text"] = new JsonObject { ["help"] = true }), "The body is not a JSON activity"),
        BadRequest("an activity without a type", w => Edit(w, a => a.Remove("type")), "The activity has no type."),
        BadRequest("a message without a conversation id", w => Edit(w, a => a["conversation"]!.AsObject().Remove("id")),
            "The activity has no conversation id."),
        BadRequest("a message that does not say who sent it", w => Edit(w, a => a["from"]!.AsObject().Remove("id")),
            "The activity does not say who it is from."),
        BadRequest("a message without a serviceUrl", w => Edit(w, a => a.Remove("serviceUrl")), "The activity has no valid serviceUrl."),
        BadRequest("a serviceUrl that is not http(s) (file:///etc/passwd)", w => Edit(w, a => a["serviceUrl"] = "file:///etc/passwd"),
            "The activity has no valid serviceUrl."),
        BadRequest("a message without a channelId", w => Edit(w, a => a.Remove("channelId")), "The activity has no channelId."),
        BadRequest("bytes that are not UTF-8", w => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(w.Message(w.Alex, "help").ToJsonString())),
            "The body is not a JSON activity", invalidUtf8: true),
        BadRequest("a lone UTF-16 surrogate escaped in the text", w => Edit(w, a => a["text"] = "HELP_PLACEHOLDER").Replace("HELP_PLACEHOLDER", "help \\ud83d"),
            "The body is not a JSON activity"),
        new(Area, "an activity over the 256 KB limit", 413, "problem: activity too large",
            w => w.PostTeamsRawAsync(HostileWorld.Json(w.Message(w.Alex, new string('x', 300 * 1024)).ToJsonString()), w.BearerToken())),
        new(Area, "an oversized body sent chunked, without a Content-Length", 413, "problem: activity too large",
            w => w.PostTeamsRawAsync(Chunked(w.Message(w.Alex, new string('x', 300 * 1024)).ToJsonString()), w.BearerToken())),
        Ignored("a typing activity", a => a["type"] = "typing"),
        Ignored("a messageReaction activity", a =>
        {
            a["type"] = "messageReaction";
            a["reactionsAdded"] = new JsonArray(new JsonObject { ["type"] = "like" });
        }),
        Ignored("an invoke the bot does not handle (composeExtension/query)", a =>
        {
            a["type"] = "invoke";
            a["name"] = "composeExtension/query";
            a["value"] = new JsonObject { ["commandId"] = "search", ["parameters"] = new JsonArray() };
        }),
        Ignored("an activity type from a later protocol, with unknown fields", a =>
        {
            a["type"] = "hologram";
            a["futureField"] = new JsonObject { ["nested"] = new JsonArray(1, 2, 3) };
        }),
        Ignored("a message from a tenant id longer than 200 characters", a =>
        {
            var tenant = new string('t', 300);
            a["conversation"]!["tenantId"] = tenant;
            a["channelData"]!["tenant"]!["id"] = tenant;
        }, "nobody registered: the sender cannot be told apart"),
        BadRequest("a NUL in the sender's id", w => Edit(w, a => a["from"]!["id"] = "29:alex\u0000admin"), "The activity's ids hold control characters."),
        BadRequest("a NUL in the conversation id", w => Edit(w, a => a["conversation"]!["id"] = "a:conv\u0000"), "The activity's ids hold control characters."),
        BadRequest("an escape character in the tenant id", w => Edit(w, a => a["channelData"]!["tenant"]!["id"] = "tenant\u001B[2J"),
            "The activity's ids hold control characters."),
        new(Area, "zero-width characters around a command", 200, "a help card on the person's chat",
            w => w.PostTeamsAsync(w.Message(w.Alex, "\u200B\u200Dhelp\uFEFF")))
        {
            Replies = 1,
            Check = (w, _) => Assert.Contains("checkin.open", w.Bot.SentCards()[^1].Card.ToJsonString()),
        },
        new(Area, "a 100,000-character message", 200, "a help card that fits Teams' message limit",
            w => w.PostTeamsAsync(w.Message(w.Alex, new string('x', 100_000))))
        {
            Replies = 1,
            Check = (w, _) => Assert.InRange(w.Bot.Connector.ConnectorRequests[^1].Body.Length, 1, 80 * 1024),
        },
        new(Area, "a NUL character in the text", 200, "a help card", w => w.PostTeamsAsync(w.Message(w.Alex, "he\u0000lp")))
        {
            Replies = 1,
        },
        Newcomer("a right-to-left name with bidi controls", "\u202Eمحمد\u200F العلي", "\u202Eمحمد\u200F العلي"),
        Newcomer("an emoji name with skin tones and joiners", "Sam 👩🏽‍💻🏳️‍🌈", "Sam 👩🏽‍💻🏳️‍🌈"),
        Newcomer("a 10,000-character name", new string('N', 10_000), new string('N', OkrModel.NameLength)),
        Newcomer("a name whose 200th character is half of an emoji", new string('N', 199) + "😀" + "tail", new string('N', 199)),
        Newcomer("a NUL and other control characters in the name", "Ro\u0000b\u0007in\u001B", "Robin"),
        Newcomer("a name of only spaces and zero-width characters", "  \u200B \t ", null),
    ];

    public static TheoryData<string> Names => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public Task Refused_or_handled_with_nothing_else_changed(string @case) => Cases.Single(c => c.Name == @case).RunAsync(world);

    private static HostileCase BadRequest(string name, Func<HostileWorld, string> body, string detail, bool invalidUtf8 = false) =>
        new(Area, name, 400, $"problem: not an activity: \"{detail}\"", w =>
        {
            var text = body(w);
            HttpContent content = invalidUtf8
                ? HostileWorld.Bytes([.. Encoding.UTF8.GetBytes(text[..40]), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(text[40..])])
                : HostileWorld.Json(text);
            return w.PostTeamsRawAsync(content, w.BearerToken());
        })
        {
            Check = (_, a) => a.AssertSays(detail),
        };

    private static HostileCase Ignored(string name, Action<JsonObject> change, string database = "unchanged") =>
        new(Area, name, 200, "acknowledged with an empty 200, nothing done", w =>
        {
            var activity = w.Message(w.Alex, "help");
            change(activity);
            return w.PostTeamsAsync(activity);
        })
        {
            Database = database,
            Check = (_, a) => Assert.Equal("", a.Body),
        };

    /// <summary>Someone new writes "help" with the name <paramref name="name"/>: registered with <paramref name="stored"/> (their id when null), answered.</summary>
    private static HostileCase Newcomer(string name, string sent, string? stored) =>
        new(Area, name, 200, "a help card",
            w => w.PostTeamsAsync(w.Message(new Core.Model.Person { ExternalId = "29:" + Guid.NewGuid().ToString("N"), DisplayName = sent }, "help")))
        {
            Replies = 1,
            Database = stored is null ? "the newcomer registered under their id" : stored == sent ? "the newcomer registered with the name as sent"
                : "the newcomer registered with the name cleaned and cut to 200 characters",
            Changes = async (w, before, after) =>
            {
                after.AssertOnlyChangedSince(before, name, "People", "ConversationReferences", "AuditEntries");
                Assert.Equal(1, after.Added(before, "People"));
                await using var db = w.Store.Database.Open();
                var newest = await db.People.AsNoTracking().OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).FirstAsync();
                Assert.Equal(stored ?? newest.ExternalId, newest.DisplayName);
            },
        };

    /// <summary>Alex's "help", edited.</summary>
    private static string Edit(HostileWorld w, Action<JsonObject> change)
    {
        var activity = w.Message(w.Alex, "help");
        change(activity);
        return activity.ToJsonString();
    }

    /// <summary>A body with no Content-Length: the endpoint must count what it reads, not trust a header.</summary>
    private static HttpContent Chunked(string body)
    {
        var content = new StreamContent(new NonSeekable(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
