using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OkrBot.Jobs.Channels.Teams;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Auth;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Teams.Bot;

/// <summary>
/// The bot through its real HTTP entry point (WebApplicationFactory) on a test store, its connector talking to a
/// <see cref="FakeConnector"/>; with an app id, tokens come from a local <see cref="TestIssuer"/>. Activities are the
/// ones the Microsoft 365 Agents Playground sent when captured (tests/Teams/Fixtures), with ids adjusted.
/// </summary>
public sealed class TeamsBot : IAsyncDisposable
{
    public const string AppSecret = "bot-secret-value-never-logged";

    private TeamsBot(TestStore store, FakeConnector connector, TestIssuer? issuer, WebApplicationFactory<Program> factory)
    {
        Store = store;
        Connector = connector;
        Issuer = issuer;
        Factory = factory;
        Http = factory.CreateClient();
    }

    public TestStore Store { get; }
    public FakeConnector Connector { get; }
    public TestIssuer? Issuer { get; }
    public WebApplicationFactory<Program> Factory { get; }
    public HttpClient Http { get; }

    /// <summary>Where activities say they come from: the fake connector (anonymous, loopback) or a real Teams host routed to it.</summary>
    public string ServiceUrl => Issuer is null ? Connector.ServiceUrl : TestIssuer.ServiceUrl;

    public static async Task<TeamsBot> StartAsync(TestStore store, bool withAppId = false, Action<IWebHostBuilder>? configure = null)
    {
        var connector = await FakeConnector.StartAsync();
        var issuer = withAppId ? new TestIssuer(store.Clock) : null;
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:Provider", store.Options.Provider.ToString());
            b.UseSetting("Storage:ConnectionString", store.Options.ConnectionString);
            b.UseSetting("Teams:Connector:BaseRetryDelay", "00:00:00.010");
            b.UseSetting("Teams:Connector:MaxRetryDelay", "00:00:00.050");
            // Conversations only: the rhythm (tested on its own) would otherwise message the demo people as the clock allows.
            b.UseSetting("Rhythm:Enabled", "false");
            if (issuer is not null)
            {
                foreach (var (key, value) in issuer.Settings()) b.UseSetting(key, value);
                b.UseSetting("Teams:AppSecret", AppSecret);
            }
            b.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(store.Clock);
                services.AddKeyedSingleton(TeamsConnectorServiceCollectionExtensions.HttpClientKey, connector.CreateHttpClient());
                issuer?.AddTo(services);
            });
            configure?.Invoke(b);
        });
        return new TeamsBot(store, connector, issuer, factory);
    }

    /// <summary>A captured Playground activity with this bot's service URL and a fresh id; <paramref name="change"/> edits it.</summary>
    public JsonObject Activity(string fixture, Action<JsonObject>? change = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Teams", "Fixtures", fixture);
        var activity = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        activity["serviceUrl"] = ServiceUrl;
        activity["id"] = Guid.NewGuid().ToString();
        change?.Invoke(activity);
        return activity;
    }

    public JsonObject Message(string text) => Activity("playground-message-help.json", a => a["text"] = text);

    /// <summary>An Action.Execute invoke, as Teams sends it for a card button.</summary>
    public JsonObject Invoke(string verb, JsonObject data) => Activity("playground-message-help.json", a =>
    {
        a["type"] = "invoke";
        a["name"] = "adaptiveCard/action";
        a.Remove("text");
        a["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["id"] = "submit", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        };
    });

    /// <summary>An Action.Submit fallback: a message whose value is the card's data, in reply to the card's message.</summary>
    public JsonObject Submit(JsonObject data, string replyToId) => Activity("playground-message-help.json", a =>
    {
        a.Remove("text");
        a["value"] = data;
        a["replyToId"] = replyToId;
    });

    public Task<HttpResponseMessage> PostAsync(JsonNode activity, string? token = null) =>
        PostRawAsync(activity.ToJsonString(), token);

    public Task<HttpResponseMessage> PostRawAsync(string body, string? token = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Http.SendAsync(request);
    }

    /// <summary>The cards sent to the connector so far (POST and PUT of activities), oldest first.</summary>
    public IReadOnlyList<(RecordedRequest Request, JsonObject Card)> SentCards() =>
        Connector.ConnectorRequests
            .Where(r => r.Route is FakeRoute.SendToConversation or FakeRoute.ReplyToActivity or FakeRoute.UpdateActivity)
            .Select(r => (r, r.Json["attachments"]![0]!["content"]!.AsObject()))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Factory.DisposeAsync();
        await Connector.DisposeAsync();
        Issuer?.Dispose();
    }
}
