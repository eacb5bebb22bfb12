using System.Text.Json.Nodes;
using OkrBot.Jobs.Channels.Feishu;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Feishu.Api;

/// <summary>A <see cref="FeishuApiClient"/> and its <see cref="FeishuTokenProvider"/> wired as production wires them, talking to a <see cref="FakeFeishuApi"/>.</summary>
public sealed class FeishuHarness : IAsyncDisposable
{
    public const string AppId = "cli_a7f3c2a1000b0t1";
    public const string Secret = "Fe1shu~S3cret.value-that-must-never-be-logged";
    public const string OpenId = "ou_7d8a6e6df7621556ce0d21922b676706";

    private FeishuHarness(FakeFeishuApi fake, FeishuOptions options, TimeProvider clock)
    {
        Fake = fake;
        Options = options;
        Clock = clock;
        Http = FakeFeishuApi.CreateHttpClient();
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Tokens = new FeishuTokenProvider(Http, wrapped, clock, Logs.For<FeishuTokenProvider>());
        Client = new FeishuApiClient(Http, Tokens, wrapped, Logs.For<FeishuApiClient>());
    }

    public FakeFeishuApi Fake { get; }

    public FeishuOptions Options { get; }

    public TimeProvider Clock { get; }

    public CapturedLogs Logs { get; } = new();

    public HttpClient Http { get; }

    public FeishuTokenProvider Tokens { get; }

    public FeishuApiClient Client { get; }

    /// <summary>An app id and secret, the fake as the API host, a <see cref="TimerClock"/> unless given.</summary>
    public static async Task<FeishuHarness> StartAsync(TimeProvider? clock = null, Action<FeishuOptions>? options = null)
    {
        clock ??= new TimerClock();
        var fake = await FakeFeishuApi.StartAsync(clock);
        var feishu = new FeishuOptions { AppId = AppId, AppSecret = Secret, ApiBaseUrl = fake.BaseUrl, RequestTimeout = TimeSpan.FromSeconds(10) };
        options?.Invoke(feishu);
        return new FeishuHarness(fake, feishu, clock);
    }

    /// <summary>A small card in Feishu's JSON 2.0, as the renderer makes them (the real renderer is someone else's work).</summary>
    public static JsonObject Card(string text = "Time for your weekly check-in") => new()
    {
        ["schema"] = "2.0",
        ["config"] = new JsonObject { ["update_multi"] = true },
        ["header"] = new JsonObject { ["title"] = new JsonObject { ["tag"] = "plain_text", ["content"] = "OKR" }, ["template"] = "blue" },
        ["body"] = new JsonObject { ["elements"] = new JsonArray(new JsonObject { ["tag"] = "markdown", ["content"] = text }) },
    };

    public Task<FeishuOutcome> SendAsync(string? uuid = null) =>
        Client.SendCardAsync(OpenId, Card().ToJsonString(), uuid ?? Guid.NewGuid().ToString("D"));

    public Task<FeishuOutcome> UpdateAsync(string messageId = "om_sent-earlier") => Client.UpdateCardAsync(messageId, Card("Checked in").ToJsonString());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Fake.DisposeAsync();
    }
}
