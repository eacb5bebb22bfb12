using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OkrBot.Tests.Feishu.Api;
using OkrBot.Tests.Infrastructure;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Feishu.Inbound;

/// <summary>A request as Feishu sends it: the raw body and the X-Lark-* headers.</summary>
public sealed record SealedCallback(string Body, string Timestamp, string Nonce, string Signature);

/// <summary>
/// The bot through its real HTTP entry point (WebApplicationFactory) on a test store, configured for Feishu (an Encrypt Key,
/// a Verification Token) and sending to a <see cref="FakeFeishuApi"/>. Callbacks are encrypted and signed by sdk/seal.js,
/// whose output the official Feishu SDK (@larksuiteoapi/node-sdk) decrypts and verifies before handing it over.
/// </summary>
public sealed class FeishuBot : IAsyncDisposable
{
    public const string EncryptKey = "test-encrypt-key-never-logged";
    public const string VerificationToken = "test-verification-token";
    public const string TenantKey = "tenant-key-1";

    private static readonly NodeProject Sdk = new("tests/Feishu/Inbound/sdk", "The Feishu callback tests seal their requests with the official Feishu SDK");

    private FeishuBot(TestStore store, FakeFeishuApi api, WebApplicationFactory<Program> factory)
    {
        Store = store;
        Api = api;
        Factory = factory;
        Http = factory.CreateClient();
    }

    public TestStore Store { get; }
    public FakeFeishuApi Api { get; }
    public WebApplicationFactory<Program> Factory { get; }
    public HttpClient Http { get; }

    public static async Task<FeishuBot> StartAsync(TestStore store)
    {
        var api = await FakeFeishuApi.StartAsync(store.Clock);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:Provider", store.Options.Provider.ToString());
            b.UseSetting("Storage:ConnectionString", store.Options.ConnectionString);
            b.UseSetting("Rhythm:Enabled", "false");
            b.UseSetting("Feishu:AppId", "cli_test");
            b.UseSetting("Feishu:AppSecret", "app-secret-never-logged");
            b.UseSetting("Feishu:EncryptKey", EncryptKey);
            b.UseSetting("Feishu:VerificationToken", VerificationToken);
            b.UseSetting("Feishu:ApiBaseUrl", api.BaseUrl);
            b.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(store.Clock));
        });
        var bot = new FeishuBot(store, api, factory);
        _ = factory.Server; // start the host (and its inbox) now
        return bot;
    }

    /// <summary>A schema 2.0 envelope with this app's token.</summary>
    public static JsonObject Event(string eventType, JsonObject @event, string? eventId = null, string token = VerificationToken) => new()
    {
        ["schema"] = "2.0",
        ["header"] = new JsonObject
        {
            ["event_id"] = eventId ?? Guid.NewGuid().ToString("N"), ["event_type"] = eventType, ["create_time"] = "1763456400000",
            ["token"] = token, ["app_id"] = "cli_test", ["tenant_key"] = TenantKey,
        },
        ["event"] = @event,
    };

    /// <summary>An <c>im.message.receive_v1</c> text message from <paramref name="openId"/>.</summary>
    public static JsonObject Message(string text, string openId = "ou_alex", string chatType = "p2p", JsonArray? mentions = null, string? eventId = null)
    {
        var message = new JsonObject
        {
            ["message_id"] = "om_" + Guid.NewGuid().ToString("N"), ["chat_id"] = "oc_chat_" + openId, ["chat_type"] = chatType,
            ["message_type"] = "text", ["content"] = new JsonObject { ["text"] = text }.ToJsonString(), ["create_time"] = "1763456400000",
        };
        if (mentions is not null) message["mentions"] = mentions;
        return Event("im.message.receive_v1", new JsonObject
        {
            ["sender"] = new JsonObject
            {
                ["sender_id"] = new JsonObject { ["open_id"] = openId, ["union_id"] = "on_" + openId }, ["sender_type"] = "user", ["tenant_key"] = TenantKey,
            },
            ["message"] = message,
        }, eventId);
    }

    /// <summary>A <c>card.action.trigger</c>: a button's value and the form's values, on the card message <paramref name="messageId"/>.</summary>
    public static JsonObject CardAction(JsonObject value, JsonObject? formValue, string messageId, string openId = "ou_alex") =>
        Event("card.action.trigger", new JsonObject
        {
            ["operator"] = new JsonObject { ["open_id"] = openId, ["tenant_key"] = TenantKey },
            ["token"] = "c-" + Guid.NewGuid().ToString("N"),
            ["action"] = new JsonObject { ["value"] = value, ["tag"] = "button", ["form_value"] = formValue, ["name"] = "submit" },
            ["host"] = "im_message",
            ["context"] = new JsonObject { ["open_message_id"] = messageId, ["open_chat_id"] = "oc_chat_" + openId },
        });

    /// <summary>Encrypts and signs <paramref name="payload"/> with the SDK, stamped <paramref name="age"/> before the bot's now.</summary>
    public Task<SealedCallback> SealAsync(JsonNode payload, TimeSpan age = default, string key = EncryptKey) => SealAsync(Store.Clock, payload, age, key);

    /// <summary>Encrypts and signs <paramref name="payload"/> with the SDK, stamped <paramref name="age"/> before <paramref name="clock"/>'s now.</summary>
    public static async Task<SealedCallback> SealAsync(TimeProvider clock, JsonNode payload, TimeSpan age = default, string key = EncryptKey)
    {
        var timestamp = (clock.GetUtcNow() - age).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var input = new JsonObject
        {
            ["encryptKey"] = key, ["payload"] = payload.ToJsonString(), ["timestamp"] = timestamp, ["nonce"] = Guid.NewGuid().ToString("N")[..16],
        };
        var (exit, output) = await Sdk.RunAsync(["seal.js"], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["SEAL_INPUT"] = input.ToJsonString() });
        Assert.True(exit == 0, $"seal.js failed (exit {exit}):\n{output}");
        var sealedJson = JsonNode.Parse(output.Trim().Split('\n')[^1])!;
        return new SealedCallback((string)sealedJson["body"]!, (string)sealedJson["timestamp"]!, (string)sealedJson["nonce"]!, (string)sealedJson["signature"]!);
    }

    /// <summary>Signs any body as Feishu would (for bodies the SDK would not make, such as a garbage ciphertext).</summary>
    public SealedCallback Sign(string body) => Sign(Store.Clock, body);

    /// <summary>Signs any body as Feishu would, stamped with <paramref name="clock"/>'s now.</summary>
    public static SealedCallback Sign(TimeProvider clock, string body, string key = EncryptKey)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        const string nonce = "nonce-1";
        var signature = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(timestamp + nonce + key + body)));
        return new SealedCallback(body, timestamp, nonce, signature);
    }

    public async Task<HttpResponseMessage> PostAsync(JsonNode payload) => await PostAsync(await SealAsync(payload));

    public Task<HttpResponseMessage> PostAsync(SealedCallback callback) => PostAsync(Http, callback);

    /// <summary>Posts a sealed callback to /api/feishu/events with its X-Lark-* headers, through <paramref name="http"/>.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient http, SealedCallback callback)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/feishu/events") { Content = new StringContent(callback.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Lark-Request-Timestamp", callback.Timestamp);
        request.Headers.Add("X-Lark-Request-Nonce", callback.Nonce);
        request.Headers.Add("X-Lark-Signature", callback.Signature);
        return http.SendAsync(request);
    }

    /// <summary>The cards sent with "send message" so far, oldest first, with the request.</summary>
    public IReadOnlyList<(FeishuRequest Request, JsonObject Card)> SentCards() =>
        Api.Sends.Select(r => (r, JsonNode.Parse((string)r.Json["content"]!)!.AsObject())).ToList();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Factory.DisposeAsync();
        await Api.DisposeAsync();
    }
}
