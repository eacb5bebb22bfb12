using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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

namespace OkrBot.Tests.Teams.Connector;

/// <summary>Which Bot Connector (or token) route a request hit.</summary>
public enum FakeRoute
{
    SendToConversation,
    ReplyToActivity,
    UpdateActivity,
    DeleteActivity,
    CreateConversation,
    GetMembers,
    Token,
    Unknown,
}

/// <summary>How the fake answers one request. Body null means "the route's normal answer" (an id, a token, ...).</summary>
public sealed record FakeReply
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
    public static FakeReply Ok() => new();

    public static FakeReply Status(int statusCode, string? body = null) => new() { StatusCode = statusCode, Body = body ?? "" };

    /// <summary>A Bot Connector error: <c>{"error":{"code","message"}}</c>.</summary>
    public static FakeReply Error(int statusCode, string code, string message = "scripted error") =>
        Status(statusCode, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString());

    /// <summary>429 with a Retry-After header: seconds ("5") or an HTTP date ("Tue, 03 Mar 2026 09:00:07 GMT").</summary>
    public static FakeReply Throttled(string? retryAfter) =>
        Error(429, "Throttled", "Too many requests.").WithHeader("Retry-After", retryAfter);

    /// <summary>Any body, e.g. malformed JSON with a success status.</summary>
    public static FakeReply Raw(int statusCode, string body) => new() { StatusCode = statusCode, Body = body };

    public static FakeReply Reset() => new() { ResetConnection = true };

    public static FakeReply NoAnswer() => new() { Hang = true };

    public FakeReply After(TimeSpan delay) => this with { Delay = delay };

    public FakeReply WithHeader(string name, string? value) =>
        value is null ? this : this with { Headers = new Dictionary<string, string>(Headers) { [name] = value } };
}

/// <summary>One request as the fake received it.</summary>
public sealed record RecordedRequest(
    FakeRoute Route,
    string Method,
    string Host,
    string RawTarget,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    string? ConversationId,
    string? ActivityId,
    string? Tenant,
    // The status answered; 0 when the fake dropped the connection or never answered.
    int AnsweredStatus,
    string? CorrelationId)
{
    public string? Authorization => Headers.GetValueOrDefault("Authorization");

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    /// <summary>The form fields of a token request.</summary>
    public IReadOnlyDictionary<string, string> Form => Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(kv => WebUtility.UrlDecode(kv[0]), kv => WebUtility.UrlDecode(kv.Length > 1 ? kv[1] : ""));
}

/// <summary>
/// A real Bot Connector stand-in on 127.0.0.1 (free ports): the v3 conversation routes and an OAuth token endpoint
/// (<c>POST .../{tenant}/oauth2/v2.0/token</c>), over plain http (<see cref="ServiceUrl"/>, for anonymous mode) and https
/// (a self-signed certificate). Every request is recorded; answers are scripted in order with <see cref="Enqueue"/> and
/// <see cref="EnqueueToken"/>, and fall back to normal success answers (ids activity-1, a:conversation-1, token-1, ...).
/// <see cref="CreateHttpClient"/> sends any https host (smba.trafficmanager.net, login.microsoftonline.com, ...) here, so
/// the code under test keeps its production URLs and its allow-list.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private static readonly Lazy<X509Certificate2> SharedCertificate = new(CreateCertificate);
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentQueue<FakeReply> _replies = new();
    private readonly ConcurrentQueue<FakeReply> _tokenReplies = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();
    private int _activities, _conversations, _tokens, _operations;

    private FakeConnector(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    public int HttpPort { get; private set; }

    public int HttpsPort { get; private set; }

    /// <summary>A loopback http service URL, as the Agents Playground hands out: for anonymous mode.</summary>
    public string ServiceUrl => $"http://127.0.0.1:{HttpPort}/";

    /// <summary>expires_in of the tokens the fake issues.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<RecordedRequest> ConnectorRequests => [.. Requests.Where(r => r.Route != FakeRoute.Token)];

    public IReadOnlyList<RecordedRequest> TokenRequests => [.. Requests.Where(r => r.Route == FakeRoute.Token)];

    public static async Task<FakeConnector> StartAsync()
    {
        var certificate = SharedCertificate.Value;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate));
        });
        var app = builder.Build();
        var fake = new FakeConnector(app, certificate);
        app.Run(fake.HandleAsync);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        fake.HttpPort = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal))).Port;
        fake.HttpsPort = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal))).Port;
        return fake;
    }

    /// <summary>Script the answers to the next Bot Connector (v3) requests, in order.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _replies.Enqueue(reply);
        }
    }

    /// <summary>Script the answers to the next token requests, in order.</summary>
    public void EnqueueToken(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _tokenReplies.Enqueue(reply);
        }
    }

    /// <summary>
    /// A client whose https requests, to any host, land on this fake (the host name stays in the URL, the Host header and
    /// SNI; only this fake's certificate is trusted). http requests to loopback go where they say; other http to this fake.
    /// </summary>
    public HttpClient CreateHttpClient() => new(CreateHandler()) { Timeout = TimeSpan.FromSeconds(60) };

    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == _certificate.GetCertHashString(),
        },
        ConnectCallback = async (context, cancellationToken) =>
        {
            var https = context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttps;
            var loopback = context.InitialRequestMessage.RequestUri?.IsLoopback == true;
            var port = https ? HttpsPort : loopback ? context.DnsEndPoint.Port : HttpPort;
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>Wait until a request matching <paramref name="match"/> has arrived (for code that sends in the background).</summary>
    public async Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> match, TimeSpan? timeout = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (Requests.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (waited.Elapsed > (timeout ?? TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException($"No matching request arrived; got: {string.Join(", ", Requests.Select(r => $"{r.Method} {r.RawTarget}"))}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var (route, conversationId, activityId, tenant) = RouteOf(request.Method, rawTarget);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);

        var reply = (route == FakeRoute.Token ? _tokenReplies : _replies).TryDequeue(out var scripted) ? scripted
            : route == FakeRoute.Unknown ? FakeReply.Status(404) : FakeReply.Ok();
        var correlationId = route is FakeRoute.Token or FakeRoute.Unknown ? null
            : reply.Headers.GetValueOrDefault(BotConnectorHeaders.Correlation) ?? $"op-{Interlocked.Increment(ref _operations)}";
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(route, request.Method, request.Host.Value ?? "", rawTarget,
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body, conversationId, activityId, tenant, reply.Hang || reply.ResetConnection ? 0 : reply.StatusCode, correlationId));
        }

        try
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }

            if (reply.Hang)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
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
        if (correlationId is not null)
        {
            response.Headers[BotConnectorHeaders.Correlation] = correlationId;
        }

        foreach (var (name, value) in reply.Headers)
        {
            response.Headers[name] = value;
        }

        var answer = reply.Body ?? DefaultBody(route, activityId);
        if (answer.Length > 0)
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(answer, context.RequestAborted);
        }
    }

    private string DefaultBody(FakeRoute route, string? activityId) => route switch
    {
        FakeRoute.SendToConversation or FakeRoute.ReplyToActivity =>
            new JsonObject { ["id"] = $"activity-{Interlocked.Increment(ref _activities)}" }.ToJsonString(),
        FakeRoute.UpdateActivity => new JsonObject { ["id"] = activityId }.ToJsonString(),
        FakeRoute.CreateConversation =>
            new JsonObject { ["id"] = $"a:conversation-{Interlocked.Increment(ref _conversations)}" }.ToJsonString(),
        FakeRoute.GetMembers => "[]",
        FakeRoute.Token => new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenLifetimeSeconds,
            ["ext_expires_in"] = TokenLifetimeSeconds,
            ["access_token"] = $"token-{Interlocked.Increment(ref _tokens)}",
        }.ToJsonString(),
        _ => "",
    };

    /// <summary>Routes by the raw (still URL-encoded) path, so ids containing '/' or ':' come out exactly as the client meant them.</summary>
    private static (FakeRoute Route, string? ConversationId, string? ActivityId, string? Tenant) RouteOf(string method, string rawTarget)
    {
        var path = rawTarget.Split('?', 2)[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var raw = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        if (method == "POST" && segments.Length >= 4 && segments[^3] == "oauth2" && segments[^2] == "v2.0" && segments[^1] == "token")
        {
            return (FakeRoute.Token, null, null, segments[^4]);
        }

        var v3 = Array.FindIndex(raw, s => s == "v3");
        if (v3 < 0 || raw.Length <= v3 + 1 || raw[v3 + 1] != "conversations")
        {
            return (FakeRoute.Unknown, null, null, null);
        }

        var rest = segments[(v3 + 2)..];
        return (method, rest) switch
        {
            ("POST", []) => (FakeRoute.CreateConversation, null, null, null),
            ("POST", [var c, "activities"]) => (FakeRoute.SendToConversation, c, null, null),
            ("POST", [var c, "activities", var a]) => (FakeRoute.ReplyToActivity, c, a, null),
            ("PUT", [var c, "activities", var a]) => (FakeRoute.UpdateActivity, c, a, null),
            ("DELETE", [var c, "activities", var a]) => (FakeRoute.DeleteActivity, c, a, null),
            ("GET", [var c, "members", ..]) => (FakeRoute.GetMembers, c, null, null),
            ("GET", [var c, "pagedmembers"]) => (FakeRoute.GetMembers, c, null, null),
            _ => (FakeRoute.Unknown, rest.FirstOrDefault(), null, null),
        };
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=fake-bot-connector", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
    }

    private static class BotConnectorHeaders
    {
        public const string Correlation = "X-Correlating-OperationId";
    }
}
