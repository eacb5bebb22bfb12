using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Feishu.Api;
using OkrBot.Tests.Feishu.Inbound;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Bot;

namespace OkrBot.Tests.Hostile;

/// <summary>The hostile input catalogue's classes share one world: one bot, one store, run one case at a time.</summary>
[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileWorld>
{
    public const string Name = "Hostile input catalogue";
}

/// <summary>
/// The bot as production runs it, through its real HTTP entry points (WebApplicationFactory) on a PostgreSQL store: a Teams app
/// id with tokens from a local <see cref="Teams.Auth.TestIssuer"/>, and Feishu with an Encrypt Key and a Verification Token.
/// Its connector talks to a <see cref="Teams.Connector.FakeConnector"/>, its Feishu client to a <see cref="FakeFeishuApi"/>. The
/// dispatcher and the rhythm are off, so that only the request under test writes to the store. The cast:
/// <list type="bullet">
/// <item>Contoso (Teams): Alex, who acts in most cases; Casey, Alex's manager; Blake, a colleague. Alex owns a public objective
/// with a metric (NPS 0-100), a percentage and a milestone KR, and a KR in last quarter's closed cycle; Blake owns a public
/// and a private KR. One of Alex's KRs was deleted.</item>
/// <item>Elsewhere (Teams): Eve and her KR: another tenant.</item>
/// <item>Feishu Co (Feishu, tenant_key <see cref="FeishuBot.TenantKey"/>): Fei (ou_fei) and her KR.</item>
/// <item>The HTTP API (<c>/api/v1</c>): Contoso's keys, one that writes and one that reads, made through the operations endpoints
/// with the operations token, and one revoked; Dana of Contoso, who never talked to the bot, owns the objective the API's cases
/// post to (a metric, a percentage and a milestone KR) and a draft, so that the chat's cases never see what they change.</item>
/// </list>
/// </summary>
public sealed class HostileWorld : IAsyncLifetime
{
    public const string FeishuAppSecret = "feishu-app-secret-never-logged";
    public const string OpsToken = "hostile-ops-token-never-logged";

    private TeamsBot? _anonymous;
    private readonly SemaphoreSlim _anonymousStart = new(1, 1);

    public TestStore Store { get; private set; } = null!;
    public Teams.Connector.CapturedLogs Logs { get; } = new();

    /// <summary>A Bot Framework key endorsed for webchat only (published before the first token is checked).</summary>
    public Teams.Auth.TestKey WebchatOnlyKey { get; private set; } = null!;
    public TeamsBot Bot { get; private set; } = null!;
    public FakeFeishuApi FeishuApi { get; private set; } = null!;

    public Org Contoso { get; private set; } = null!;
    public Org Elsewhere { get; private set; } = null!;
    public Person Alex { get; private set; } = null!;
    public Person Casey { get; private set; } = null!;
    public Person Blake { get; private set; } = null!;
    public Person Eve { get; private set; } = null!;

    public KeyResult Nps { get; private set; } = null!;
    public KeyResult Coverage { get; private set; } = null!;
    public KeyResult Launch { get; private set; } = null!;
    public KeyResult LastQuarters { get; private set; } = null!;
    public Cycle LastQuarter { get; private set; } = null!;
    public Guid DeletedKr { get; private set; }
    public KeyResult BlakesPublic { get; private set; } = null!;
    public KeyResult BlakesPrivate { get; private set; } = null!;
    public KeyResult EvesKr { get; private set; } = null!;

    public Tenant FeishuCo { get; private set; } = null!;
    public Person Fei { get; private set; } = null!;
    public KeyResult FeisKr { get; private set; } = null!;

    /// <summary>The week of the store's clock (Wednesday 18 November 2026).</summary>
    public static readonly DateOnly ThisWeek = new(2026, 11, 16);

    public async Task InitializeAsync()
    {
        Store = await TestStore.CreateAsync(DatabaseProvider.Postgres);
        FeishuApi = await FakeFeishuApi.StartAsync(Store.Clock);
        Bot = await TeamsBot.StartAsync(Store, withAppId: true, configure: b =>
        {
            WithoutBackgroundWork(b);
            b.UseSetting("Feishu:AppId", "cli_test");
            b.UseSetting("Feishu:AppSecret", FeishuAppSecret);
            b.UseSetting("Feishu:EncryptKey", FeishuBot.EncryptKey);
            b.UseSetting("Feishu:VerificationToken", FeishuBot.VerificationToken);
            b.UseSetting("Feishu:ApiBaseUrl", FeishuApi.BaseUrl);
            b.ConfigureLogging(l => l.AddProvider(Logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug));
            b.UseSetting("Operations:Token", OpsToken);
            // The catalogue is not about the rate limit (tests/Api has its own test of it): its cases never run into it.
            b.UseSetting("Api:RateLimit:PermitLimit", "1000000");
        });
        WebchatOnlyKey = Bot.Issuer!.PublishBotFrameworkKey("webchat");
        await SeedAsync();

        // Everyone has talked to the bot once, so the cases find them registered with their chats stored: a request that
        // is refused must then leave the store exactly as it was.
        foreach (var person in new[] { Alex, Casey, Blake })
            Assert.Equal(System.Net.HttpStatusCode.OK, (await PostTeamsAsync(Message(person, "help"))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await PostTeamsAsync(Message(Eve, "help", Elsewhere.Tenant))).StatusCode);
        await PostFeishuAsync(await SealAsync(FeishuBot.Message("help", openId: Fei.ExternalId)));
        WriteKey = await CreateKeyAsync(Contoso.Tenant.Id, "write");
        ReadKey = await CreateKeyAsync(Contoso.Tenant.Id, "read");
        RevokedKey = await CreateKeyAsync(Contoso.Tenant.Id, "write");
        await using (var db = Store.Database.Open())
        {
            var revoked = await db.ApiKeys.SingleAsync(k => k.Prefix == RevokedKey.Substring(0, Core.Integrations.ApiKeyFormat.PrefixLength));
            using var revoke = await ApiAsync(HttpMethod.Delete, $"/ops/tenants/{Contoso.Tenant.Id}/api-keys/{revoked.Id}", "Bearer " + OpsToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, revoke.StatusCode);
        }
        await StampKeysAsync();
        await QuietAsync();
    }

    public async Task DisposeAsync()
    {
        if (_anonymous is not null) await _anonymous.DisposeAsync();
        await Bot.DisposeAsync();
        await FeishuApi.DisposeAsync();
        await Store.DisposeAsync();
    }

    /// <summary>A second bot on the same store with no app id: local anonymous mode (Agents Playground, Emulator).</summary>
    public async Task<TeamsBot> AnonymousAsync()
    {
        await _anonymousStart.WaitAsync();
        try
        {
            return _anonymous ??= await TeamsBot.StartAsync(Store, configure: b =>
            {
                WithoutBackgroundWork(b);
                b.ConfigureLogging(l => l.AddProvider(Logs));
            });
        }
        finally
        {
            _anonymousStart.Release();
        }
    }

    private static void WithoutBackgroundWork(IWebHostBuilder b)
    {
        b.UseSetting("Delivery:Dispatcher:Enabled", "false");
        b.UseSetting("Rhythm:Enabled", "false");
    }

    /// <summary>Requests that went out from the bot so far: to the Bot Connector (not counting token requests) and to the Feishu API.</summary>
    public int Outbound => Bot.Connector.ConnectorRequests.Count + (_anonymous?.Connector.ConnectorRequests.Count ?? 0)
                           + FeishuApi.Requests.Count(r => r.Route != FeishuRoute.Token);

    /// <summary>Until the Feishu inbox has nothing left to do (a message event is answered after its 200).</summary>
    public async Task QuietAsync()
    {
        await Poll.UntilAsync(async () =>
        {
            await using var db = Store.Database.Open();
            return !await db.Set<FeishuEvent>().AnyAsync(e => e.ProcessedAt == null);
        }, "the Feishu inbox to finish", deadline: TimeSpan.FromSeconds(60));
    }

    // ---- Teams ------------------------------------------------------------------------------------------------------

    /// <summary>A message from <paramref name="person"/> (of Contoso unless said), as Teams sends it to this bot.</summary>
    public JsonObject Message(Person person, string text, Tenant? tenant = null) => Bot.Activity("playground-message-help.json", a =>
    {
        AsPerson(a, person, tenant ?? Contoso.Tenant);
        a["text"] = text;
    });

    /// <summary>An Action.Execute invoke from <paramref name="person"/> (of Contoso unless said).</summary>
    public JsonObject Invoke(Person person, string verb, JsonObject data, Tenant? tenant = null)
    {
        var invoke = Bot.Invoke(verb, data);
        AsPerson(invoke, person, tenant ?? Contoso.Tenant);
        return invoke;
    }

    /// <summary>An Action.Submit fallback from <paramref name="person"/>: a message whose value is the card's data.</summary>
    public JsonObject Submit(Person person, JsonObject data, string replyToId)
    {
        var submit = Bot.Submit(data, replyToId);
        AsPerson(submit, person, Contoso.Tenant);
        return submit;
    }

    private static void AsPerson(JsonObject activity, Person person, Tenant tenant)
    {
        activity["from"] = new JsonObject { ["id"] = person.ExternalId, ["name"] = person.DisplayName };
        activity["conversation"] = new JsonObject
        {
            ["conversationType"] = "personal", ["tenantId"] = tenant.ExternalId, ["id"] = "a:conversation-of-" + person.ExternalId,
        };
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant.ExternalId } };
    }

    /// <summary>Posts an activity with a valid Bot Framework token for its serviceUrl.</summary>
    public Task<HttpResponseMessage> PostTeamsAsync(JsonObject activity) =>
        Bot.PostAsync(activity, Bot.Issuer!.BotFrameworkToken(serviceUrl: (string?)activity["serviceUrl"] ?? Bot.ServiceUrl));

    /// <summary>Posts any body to /api/messages with any Authorization header (none when null).</summary>
    public Task<HttpResponseMessage> PostTeamsRawAsync(HttpContent body, string? authorization, HttpClient? http = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = body };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return (http ?? Bot.Http).SendAsync(request);
    }

    public static HttpContent Json(string body) => new StringContent(body, Encoding.UTF8, "application/json");

    public static HttpContent Bytes(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public string BearerToken() => "Bearer " + Bot.Issuer!.BotFrameworkToken();

    // ---- Feishu -----------------------------------------------------------------------------------------------------

    public Task<SealedCallback> SealAsync(JsonNode payload, TimeSpan age = default, string key = FeishuBot.EncryptKey) =>
        FeishuBot.SealAsync(Store.Clock, payload, age, key);

    public SealedCallback Sign(string body) => FeishuBot.Sign(Store.Clock, body);

    public Task<HttpResponseMessage> PostFeishuAsync(SealedCallback callback) => FeishuBot.PostAsync(Bot.Http, callback);

    public Task<HttpResponseMessage> PostFeishuRawAsync(string body, IReadOnlyDictionary<string, string> headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/feishu/events") { Content = Json(body) };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return Bot.Http.SendAsync(request);
    }

    // ---- The HTTP API -----------------------------------------------------------------------------------------------

    /// <summary>Contoso's API key with the write scope.</summary>
    public string WriteKey { get; private set; } = null!;
    /// <summary>Contoso's API key with the read scope.</summary>
    public string ReadKey { get; private set; } = null!;
    /// <summary>A Contoso key that was revoked.</summary>
    public string RevokedKey { get; private set; } = null!;

    public Person Dana { get; private set; } = null!;
    public Objective DanasObjective { get; private set; } = null!;
    /// <summary>Dana's metric KR, 0 to 1,000 (pipeline value), which the API's cases post to.</summary>
    public KeyResult Pipeline { get; private set; } = null!;
    public KeyResult DanasPercentage { get; private set; } = null!;
    public KeyResult DanasMilestone { get; private set; } = null!;
    public Objective DanasDraft { get; private set; } = null!;

    /// <summary>Every key made for the world (the revoked one too): none may ever show in an answer or a log line.</summary>
    public IReadOnlyList<string> ApiKeys => [WriteKey, ReadKey, RevokedKey];

    /// <summary>Sends a request to the API (or any path) with an Authorization header as given (none when null).</summary>
    public Task<HttpResponseMessage> ApiAsync(HttpMethod method, string pathAndQuery, string? authorization, HttpContent? body = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method, pathAndQuery) { Content = body };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        return Bot.Http.SendAsync(request);
    }

    /// <summary>
    /// A request with a valid key stamps its last use at most once a minute, and some cases move the clock: each API case first
    /// makes the stamp current with a harmless read, so that the store before and after it differs only by what it did.
    /// </summary>
    public async Task StampKeysAsync()
    {
        foreach (var key in new[] { WriteKey, ReadKey })
        {
            using var answer = await ApiAsync(HttpMethod.Get, "/api/v1/cycles", "Bearer " + key);
            Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        }
    }

    private async Task<string> CreateKeyAsync(Guid tenantId, string scope)
    {
        using var answer = await ApiAsync(HttpMethod.Post, $"/ops/tenants/{tenantId}/api-keys", "Bearer " + OpsToken,
            Json(new JsonObject { ["name"] = $"Hostile {scope} key", ["scope"] = scope }.ToJsonString()));
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == System.Net.HttpStatusCode.Created, text);
        return (string)JsonNode.Parse(text)!["key"]!;
    }

    // ---- The cast ---------------------------------------------------------------------------------------------------

    private async Task SeedAsync()
    {
        Contoso = await Org.CreateAsync(Store, "Contoso");
        Casey = await Contoso.PersonAsync("Casey Jordan");
        Alex = await Contoso.PersonAsync("Alex Chen", manager: Casey);
        Blake = await Contoso.PersonAsync("Blake Moreno");
        var alexs = await Contoso.ObjectiveAsync(Alex, "Delight customers");
        Nps = await Contoso.KeyResultAsync(alexs, Alex, "Raise NPS", start: 0, target: 100, current: 10);
        Coverage = await Contoso.KeyResultAsync(alexs, Alex, "Automate the regression tests", kind: KeyResultKind.Percentage, current: 20);
        Launch = await Contoso.KeyResultAsync(alexs, Alex, "Ship v2", start: 0, target: 1, kind: KeyResultKind.Milestone);
        var deleted = await Contoso.KeyResultAsync(alexs, Alex, "A KR that was deleted");
        DeletedKr = deleted.Id;
        await using (var db = Store.Database.Open())
        {
            await db.KeyResults.Where(k => k.Id == DeletedKr).ExecuteDeleteAsync();
            LastQuarter = new Cycle
            {
                TenantId = Contoso.Tenant.Id, Name = "2026 Q3", StartDate = new(2026, 7, 1), EndDate = new(2026, 9, 30), State = CycleState.Closed,
            };
            db.Cycles.Add(LastQuarter);
            await db.SaveChangesAsync();
        }
        LastQuarters = await Contoso.KeyResultAsync(await Contoso.ObjectiveAsync(Alex, "Last quarter's objective", cycle: LastQuarter), Alex,
            "Last quarter's KR", current: 40);
        BlakesPublic = await Contoso.KeyResultAsync(await Contoso.ObjectiveAsync(Blake, "Grow wholesale"), Blake, "Sign ten wholesalers");
        BlakesPrivate = await Contoso.KeyResultAsync(await Contoso.ObjectiveAsync(Blake, "Blake's own growth", visibility: Visibility.Private),
            Blake, "Finish the leadership course");

        Dana = await Contoso.PersonAsync("Dana Okafor");
        DanasObjective = await Contoso.ObjectiveAsync(Dana, "Integrate the CRM");
        Pipeline = await Contoso.KeyResultAsync(DanasObjective, Dana, "Pipeline value", start: 0, target: 1000, current: 100);
        DanasPercentage = await Contoso.KeyResultAsync(DanasObjective, Dana, "Deals with a next step", kind: KeyResultKind.Percentage, current: 30);
        DanasMilestone = await Contoso.KeyResultAsync(DanasObjective, Dana, "CRM connector live", start: 0, target: 1, kind: KeyResultKind.Milestone);
        DanasDraft = await Contoso.ObjectiveAsync(Dana, "Dana's half-baked idea", state: ObjectiveState.Draft);
        await Contoso.KeyResultAsync(DanasDraft, Dana, "A draft KR");

        Elsewhere = await Org.CreateAsync(Store, "Elsewhere");
        Eve = await Elsewhere.PersonAsync("Eve Adams");
        EvesKr = await Elsewhere.KeyResultAsync(await Elsewhere.ObjectiveAsync(Eve, "Eve's objective"), Eve, "Eve's KR", current: 10);

        var feishu = await Org.CreateAsync(Store, "Feishu Co");
        await using (var db = Store.Database.Open())
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Id == feishu.Tenant.Id);
            (tenant.Channel, tenant.ExternalId) = (Channel.Feishu, FeishuBot.TenantKey);
            await db.SaveChangesAsync();
            FeishuCo = tenant;
        }
        Fei = await feishu.PersonAsync("Fei Wang");
        await using (var db = Store.Database.Open())
        {
            var fei = await db.People.SingleAsync(p => p.Id == Fei.Id);
            fei.ExternalId = "ou_fei";
            await db.SaveChangesAsync();
            Fei = fei;
        }
        FeisKr = await feishu.KeyResultAsync(await feishu.ObjectiveAsync(Fei, "Fei's objective"), Fei, "Fei's KR", current: 5);
    }
}
