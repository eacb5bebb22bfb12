using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OkrBot.Tests.Feishu.Api;

/// <summary>Which Feishu open API route a request hit.</summary>
public enum FeishuRoute
{
    Token,
    SendMessage,
    UpdateMessage,
    GetUser,
    BotInfo,
    Unknown,
}

/// <summary>How the fake answers one request. Body null means "the route's normal answer" (a token, a message id, ...).</summary>
public sealed record FeishuReply
{
    public int StatusCode { get; init; } = 200;

    public string? Body { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Wait this long before answering (the client may time out meanwhile).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Drop the connection instead of answering.</summary>
    public bool ResetConnection { get; init; }

    /// <summary>Never answer; the request ends only when the client gives up.</summary>
    public bool Hang { get; init; }

    /// <summary>The route's normal success answer.</summary>
    public static FeishuReply Ok() => new();

    /// <summary>A Feishu error: <c>{"code","msg","error":{"log_id"}}</c>, with HTTP 400 as Feishu answers most of them.</summary>
    public static FeishuReply Error(int code, string msg = "scripted error", int statusCode = 400) => new()
    {
        StatusCode = statusCode,
        Body = new JsonObject
        {
            ["code"] = code, ["msg"] = msg, ["error"] = new JsonObject { ["log_id"] = $"log-{code}" },
        }.ToJsonString(),
    };

    /// <summary>Feishu's frequency limit: 429 (or <paramref name="statusCode"/>), code 99991400, <c>x-ogw-ratelimit-reset</c>.</summary>
    public static FeishuReply Throttled(string? resetSeconds, int statusCode = 429) =>
        Error(99991400, "request trigger frequency limit", statusCode)
            .WithHeader("x-ogw-ratelimit-limit", "50")
            .WithHeader("x-ogw-ratelimit-reset", resetSeconds);

    /// <summary>Any status with an empty body.</summary>
    public static FeishuReply Status(int statusCode) => new() { StatusCode = statusCode, Body = "" };

    /// <summary>Any body, e.g. malformed JSON with a success status.</summary>
    public static FeishuReply Raw(int statusCode, string body) => new() { StatusCode = statusCode, Body = body };

    public static FeishuReply Reset() => new() { ResetConnection = true };

    public static FeishuReply NoAnswer() => new() { Hang = true };

    public FeishuReply After(TimeSpan delay) => this with { Delay = delay };

    public FeishuReply WithHeader(string name, string? value) =>
        value is null ? this : this with { Headers = new Dictionary<string, string>(Headers) { [name] = value } };
}

/// <summary>One request as the fake received it.</summary>
/// <param name="AnsweredBody">What the fake answered; null when it dropped the connection or never answered.</param>
/// <param name="At">When it arrived, by the clock the fake was given (the real one otherwise).</param>
public sealed record FeishuRequest(
    FeishuRoute Route, string Method, string RawTarget, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body,
    string? MessageId, int AnsweredStatus, string? AnsweredBody, DateTimeOffset At)
{
    public string? Authorization => Headers.GetValueOrDefault("Authorization");

    public string? ContentType => Headers.GetValueOrDefault("Content-Type");

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

/// <summary>
/// A Feishu open platform stand-in on 127.0.0.1 (a free port, plain http: <see cref="BaseUrl"/> is the ApiBaseUrl to
/// configure): the tenant_access_token endpoint for internal apps, "send message" and "update a sent card". Every request
/// is recorded. Answers are scripted in order with <see cref="Enqueue"/> (message routes) and <see cref="EnqueueToken"/>,
/// and otherwise are Feishu's normal success answers (tokens t-token-1, t-token-2, ...; message ids om_message-1, ...).
/// Like Feishu, the message routes refuse a token it never issued or has revoked (<see cref="Revoke"/>) with code 99991663.
/// </summary>
public sealed class FakeFeishuApi : IAsyncDisposable
{
    public const string TokenPath = "/open-apis/auth/v3/tenant_access_token/internal";
    public const string MessagesPath = "/open-apis/im/v1/messages";
    public const string UsersPath = "/open-apis/contact/v3/users";
    public const string BotInfoPath = "/open-apis/bot/v3/info";

    /// <summary>
    /// The contact directory, by open_id: each entry is the <c>user</c> object Feishu answers (<c>name</c>, <c>en_name</c>,
    /// <c>leader_user_id</c>). Anyone else is refused as Feishu refuses a user outside the app's contact range (41050).
    /// </summary>
    public ConcurrentDictionary<string, JsonObject> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>The bot's open_id in "get bot info"; null answers that call with an error.</summary>
    public string? BotOpenId { get; set; } = "ou_bot";

    /// <summary>Adds a person to the directory, with their direct leader.</summary>
    public void AddUser(string openId, string name, string? leaderOpenId = null, string? englishName = null)
    {
        var user = new JsonObject { ["open_id"] = openId, ["name"] = name };
        if (englishName is not null) user["en_name"] = englishName;
        if (leaderOpenId is not null) user["leader_user_id"] = leaderOpenId;
        Users[openId] = user;
    }

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly ConcurrentQueue<FeishuReply> _replies = new();
    private readonly ConcurrentQueue<FeishuReply> _tokenReplies = new();
    private readonly ConcurrentDictionary<string, bool> _issued = new();
    private readonly List<FeishuRequest> _requests = [];
    private readonly Lock _gate = new();
    private int _tokens, _messages;

    private FakeFeishuApi(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    public int Port { get; private set; }

    /// <summary>What Feishu:ApiBaseUrl should be to call this fake.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The <c>expire</c> (seconds) of the tokens the fake issues; Feishu's tokens live two hours.</summary>
    public int TokenLifetimeSeconds { get; set; } = 7200;

    public IReadOnlyList<FeishuRequest> Requests
    {
        get
        {
            lock (_gate) return [.. _requests];
        }
    }

    public IReadOnlyList<FeishuRequest> TokenRequests => [.. Requests.Where(r => r.Route == FeishuRoute.Token)];

    public IReadOnlyList<FeishuRequest> MessageRequests => [.. Requests.Where(r => r.Route is FeishuRoute.SendMessage or FeishuRoute.UpdateMessage)];

    public IReadOnlyList<FeishuRequest> DirectoryRequests => [.. Requests.Where(r => r.Route is FeishuRoute.GetUser or FeishuRoute.BotInfo)];

    public IReadOnlyList<FeishuRequest> Sends => [.. Requests.Where(r => r.Route == FeishuRoute.SendMessage)];

    public static async Task<FakeFeishuApi> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeFeishuApi(app, clock ?? TimeProvider.System);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()).Port;
        return fake;
    }

    /// <summary>Script the answers to the next message requests (send, update), in order.</summary>
    public void Enqueue(params FeishuReply[] replies)
    {
        foreach (var reply in replies) _replies.Enqueue(reply);
    }

    /// <summary>Script the answers to the next token requests, in order.</summary>
    public void EnqueueToken(params FeishuReply[] replies)
    {
        foreach (var reply in replies) _tokenReplies.Enqueue(reply);
    }

    /// <summary>From now on, message requests with this token are refused with 99991663 (an expired or revoked token).</summary>
    public void Revoke(string token) => _issued[token] = false;

    /// <summary>A client that goes where it is told; the fake's own address comes from <see cref="BaseUrl"/>.</summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var path = rawTarget.Split('?', 2)[0];
        var (route, messageId) = RouteOf(request.Method, path);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);

        var reply = route is FeishuRoute.GetUser or FeishuRoute.BotInfo ? DirectoryReply(route, messageId, request.Headers.Authorization.ToString())
            : (route == FeishuRoute.Token ? _tokenReplies : _replies).TryDequeue(out var scripted) ? scripted
            : route == FeishuRoute.Unknown ? FeishuReply.Error(99991201, "resource not find", 404)
            : route != FeishuRoute.Token && !Accepts(request.Headers.Authorization.ToString())
                ? FeishuReply.Error(99991663, "Invalid access token for authorization. Please make a request with token attached.")
                : FeishuReply.Ok();
        var answer = reply.ResetConnection || reply.Hang ? null : reply.Body ?? DefaultBody(route, body);
        lock (_gate)
        {
            _requests.Add(new FeishuRequest(route, request.Method, rawTarget, path, request.QueryString.Value ?? "",
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, messageId,
                reply.StatusCode, answer, _clock.GetUtcNow()));
        }

        try
        {
            if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay, context.RequestAborted);
            if (reply.Hang) await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (reply.ResetConnection)
        {
            context.Abort();
            return;
        }

        var response = context.Response;
        response.StatusCode = reply.StatusCode;
        response.Headers["X-Tt-Logid"] = $"fake-log-{Guid.NewGuid():N}";
        foreach (var (name, value) in reply.Headers) response.Headers[name] = value;
        if (answer is { Length: > 0 })
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(answer, context.RequestAborted);
        }
    }

    /// <summary>Directory reads answer from <see cref="Users"/> and <see cref="BotOpenId"/>; they never take a scripted reply.</summary>
    private FeishuReply DirectoryReply(FeishuRoute route, string? openId, string authorization)
    {
        if (!Accepts(authorization)) return FeishuReply.Error(99991663, "Invalid access token for authorization.");
        if (route == FeishuRoute.BotInfo)
        {
            return BotOpenId is null ? FeishuReply.Error(99991672, "Access denied.")
                : FeishuReply.Raw(200, new JsonObject
                {
                    ["code"] = 0, ["msg"] = "ok",
                    ["bot"] = new JsonObject { ["activate_status"] = 2, ["app_name"] = "OkrBot", ["open_id"] = BotOpenId },
                }.ToJsonString());
        }
        return openId is not null && Users.TryGetValue(openId, out var user)
            ? FeishuReply.Raw(200, new JsonObject { ["code"] = 0, ["msg"] = "success", ["data"] = new JsonObject { ["user"] = user.DeepClone() } }.ToJsonString())
            : FeishuReply.Error(41050, "no user authority error");
    }

    private bool Accepts(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.Ordinal) && _issued.TryGetValue(authorization["Bearer ".Length..], out var valid) && valid;

    private string DefaultBody(FeishuRoute route, string requestBody)
    {
        switch (route)
        {
            case FeishuRoute.Token:
                var token = $"t-token-{Interlocked.Increment(ref _tokens)}";
                _issued[token] = true;
                return new JsonObject { ["code"] = 0, ["msg"] = "ok", ["tenant_access_token"] = token, ["expire"] = TokenLifetimeSeconds }.ToJsonString();
            case FeishuRoute.SendMessage:
                var receiver = JsonNode.Parse(requestBody)?["receive_id"]?.GetValue<string>() ?? "";
                return new JsonObject
                {
                    ["code"] = 0,
                    ["msg"] = "success",
                    ["data"] = new JsonObject
                    {
                        ["message_id"] = $"om_message-{Interlocked.Increment(ref _messages)}",
                        ["msg_type"] = "interactive",
                        ["chat_id"] = ChatOf(receiver),
                        ["deleted"] = false,
                        ["updated"] = false,
                        ["sender"] = new JsonObject { ["id"] = "cli_fake", ["id_type"] = "app_id", ["sender_type"] = "app" },
                    },
                }.ToJsonString();
            case FeishuRoute.UpdateMessage:
                return """{"code":0,"data":{},"msg":"ok"}""";
            default:
                return "";
        }
    }

    /// <summary>The 1:1 chat the fake says a person's messages land in.</summary>
    public static string ChatOf(string openId) => "oc_p2p-" + openId;

    private static (FeishuRoute Route, string? MessageId) RouteOf(string method, string path) => (method, path) switch
    {
        ("POST", TokenPath) => (FeishuRoute.Token, null),
        ("POST", MessagesPath) => (FeishuRoute.SendMessage, null),
        ("GET", BotInfoPath) => (FeishuRoute.BotInfo, null),
        ("GET", _) when path.StartsWith(UsersPath + "/", StringComparison.Ordinal) && !path[(UsersPath.Length + 1)..].Contains('/') =>
            (FeishuRoute.GetUser, Uri.UnescapeDataString(path[(UsersPath.Length + 1)..])),
        ("PATCH", _) when path.StartsWith(MessagesPath + "/", StringComparison.Ordinal) && !path[(MessagesPath.Length + 1)..].Contains('/') =>
            (FeishuRoute.UpdateMessage, Uri.UnescapeDataString(path[(MessagesPath.Length + 1)..])),
        _ => (FeishuRoute.Unknown, null),
    };
}
