using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OkrBot.Tests.Feishu.Inbound;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Bot;

namespace OkrBot.Tests.Hostile;

/// <summary>
/// One row of the hostile input catalogue (docs/reliability.md): a request someone hostile or broken could send, the status
/// and answer the bot must give, and what the store may show afterwards: nothing changed, unless the row says what.
/// </summary>
/// <param name="Area">The group the row belongs to in the table.</param>
/// <param name="Name">What is sent, as the table's row reads.</param>
/// <param name="Status">The HTTP status of the answer.</param>
/// <param name="Answer">What the answer says, as the table's row reads.</param>
/// <param name="Send">Sends the request to the world's bot.</param>
public sealed record HostileCase(string Area, string Name, int Status, string Answer, Func<HostileWorld, Task<HttpResponseMessage>> Send)
{
    /// <summary>What else the answer must show (its status, safety and problem form are checked for every case).</summary>
    public Action<HostileWorld, HostileAnswer>? Check { get; init; }

    /// <summary>Done before the "before" snapshot: the first of a replayed pair, say.</summary>
    public Func<HostileWorld, Task>? Arrange { get; init; }

    /// <summary>What the store shows afterwards, as the table's row reads.</summary>
    public string Database { get; init; } = "unchanged";

    /// <summary>For a row whose request may change the store: checks the change. Null: nothing may change.</summary>
    public Func<HostileWorld, StoreSnapshot, StoreSnapshot, Task>? Changes { get; init; }

    /// <summary>Messages the bot sends out for it (a reply on the person's chat): none for a refusal.</summary>
    public int Replies { get; init; }

    public override string ToString() => Name;

    /// <summary>The markdown row of docs/reliability.md.</summary>
    public string Row => $"| {Area} | {Name} | {Status} {Answer} | {Database} |";

    /// <summary>
    /// Runs the case: arranges, snapshots the store, sends, checks the answer (status, no stack trace, no secret, a problem
    /// document for an error), waits for background work, counts what went out, and compares the store.
    /// </summary>
    public async Task RunAsync(HostileWorld world)
    {
        if (Arrange is not null) await Arrange(world);
        await world.QuietAsync();
        var before = await StoreSnapshot.TakeAsync(world.Store);
        var outboundBefore = world.Outbound;
        var logsBefore = world.Logs.Entries.Count;

        using var response = await Send(world);
        var answer = await HostileAnswer.ReadAsync(response) with { Logged = string.Join("\n", world.Logs.Entries.Skip(logsBefore).Select(e => e.Message)) };

        Assert.True(Status == answer.Status, $"{Name}: expected {Status}, got {answer.Status}: {answer.Body}");
        answer.AssertSafe();
        if (answer.Status >= 400)
        {
            Assert.StartsWith("application/problem+json", answer.ContentType);
            Assert.False(string.IsNullOrWhiteSpace((string?)answer.Json?["title"]), $"{Name}: the problem has no title: {answer.Body}");
        }
        Check?.Invoke(world, answer);

        await world.QuietAsync();
        if (Replies > 0) await Poll.UntilAsync(() => world.Outbound - outboundBefore >= Replies, $"{Name}: {Replies} replies", deadline: TimeSpan.FromSeconds(30));
        Assert.True(Replies == world.Outbound - outboundBefore, $"{Name}: expected {Replies} outbound messages, got {world.Outbound - outboundBefore}");

        var after = await StoreSnapshot.TakeAsync(world.Store);
        if (Changes is null) after.AssertUnchangedSince(before, Name);
        else await Changes(world, before, after);
    }
}

/// <summary>An answer as the test read it.</summary>
public sealed record HostileAnswer(int Status, string? ContentType, string Body, HttpResponseHeaders Headers)
{
    /// <summary>What the bot logged while it answered (its reason for a refusal, say).</summary>
    public string Logged { get; init; } = "";

    public void AssertLogged(string words) => Assert.True(Logged.Contains(words, StringComparison.Ordinal), $"The bot did not log \"{words}\":\n{Logged}");

    private static readonly string[] Secrets =
    [
        TeamsBot.AppSecret, FeishuBot.EncryptKey, FeishuBot.VerificationToken, HostileWorld.FeishuAppSecret,
        Convert.ToBase64String(Encoding.UTF8.GetBytes(TeamsBot.AppSecret)), Convert.ToBase64String(Encoding.UTF8.GetBytes(FeishuBot.EncryptKey)),
    ];

    public static async Task<HostileAnswer> ReadAsync(HttpResponseMessage response) => new(
        (int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync(), response.Headers);

    public JsonNode? Json
    {
        get
        {
            try
            {
                return Body.Length == 0 ? null : JsonNode.Parse(Body);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>Every string in the JSON answer, unescaped, one per line (the body itself when it is not JSON).</summary>
    public string Text => Json is { } json ? string.Join("\n", Strings(json)) : Body;

    /// <summary>The card of an invoke response (<c>value</c>) or of a Feishu card callback answer (<c>card.data</c>).</summary>
    public JsonNode? Card => Json?["value"] as JsonObject ?? Json?["card"]?["data"];

    public void AssertSafe()
    {
        Assert.DoesNotContain("   at ", Body);
        Assert.DoesNotContain("Exception", Body);
        Assert.DoesNotContain("eyJ", Body); // no JWT (nor any base64 JSON) echoed back
        foreach (var secret in Secrets) Assert.DoesNotContain(secret, Body);
    }

    public void AssertSays(string words) => Assert.True(Text.Contains(words, StringComparison.Ordinal), $"The answer does not say \"{words}\":\n{Text}");

    private static IEnumerable<string> Strings(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Strings(p.Value)),
        JsonArray a => a.SelectMany(i => i is null ? [] : Strings(i)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        _ => [],
    };
}
