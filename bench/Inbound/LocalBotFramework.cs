using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace OkrBot.Bench.Inbound;

/// <summary>
/// Everything of the Bot Framework the servers talk to, on this machine, in this process (so on the load core):
/// <list type="bullet">
/// <item>the channel token issuer: OpenID metadata and a key set (one RSA key endorsed for msteams) over http on
/// 127.0.0.1, as <c>login.botframework.com</c> publishes them, and tokens signed with that key;</item>
/// <item>the app token endpoint (OAuth client credentials), as <c>login.microsoftonline.com</c> answers it;</item>
/// <item>the Bot Connector over https on 127.0.0.1: <c>POST /v3/conversations/{id}/activities[/{activityId}]</c> and
/// <c>PUT /v3/conversations/{id}/activities/{activityId}</c>, answered 200 <c>{"id":"..."}</c> when the body is a message
/// activity and the caller's token (if it sends one) is the app token issued here; counted, so each run can check that
/// every request was answered through the connector.</item>
/// </list>
/// </summary>
public sealed class LocalBotFramework : IAsyncDisposable
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string ChannelId = "msteams";

    private readonly WebApplication _app;
    private readonly RSA _signingKey = RSA.Create(2048);
    private readonly string _keyId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
    private readonly string _appToken = "bench-app-token-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private long _activities, _signed, _unauthorized, _malformed, _tokensIssued, _keyFetches;

    private LocalBotFramework(WebApplication app, string appId, string appSecret)
    {
        _app = app;
        AppId = appId;
        AppSecret = appSecret;
    }

    public string AppId { get; }

    public string AppSecret { get; }

    /// <summary>http://127.0.0.1:port: the issuer and the token endpoint.</summary>
    public string IssuerBase { get; private set; } = "";

    /// <summary>https://127.0.0.1:port/: the service URL activities carry.</summary>
    public string ServiceUrl { get; private set; } = "";

    public string OpenIdMetadataUrl => $"{IssuerBase}/v1/.well-known/openidconfiguration";

    /// <summary>With the <c>{tenant}</c> placeholder the bot fills in.</summary>
    public string TokenEndpoint => $"{IssuerBase}/{{tenant}}/oauth2/v2.0/token";

    public string EntraMetadataUrl => $"{IssuerBase}/common/v2.0/.well-known/openid-configuration";

    /// <summary>Activities the connector accepted (sends, replies and updates), signed or not.</summary>
    public ConnectorCounts Counts => new(
        Interlocked.Read(ref _activities), Interlocked.Read(ref _signed), Interlocked.Read(ref _unauthorized),
        Interlocked.Read(ref _malformed), Interlocked.Read(ref _tokensIssued), Interlocked.Read(ref _keyFetches));

    public static async Task<LocalBotFramework> StartAsync(BenchCertificates certificates)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificates.Server);
            });
        });
        var app = builder.Build();
        var fake = new LocalBotFramework(app, Guid.NewGuid().ToString(), "bench-secret-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)));
        app.Run(fake.HandleAsync);
        await app.StartAsync();

        var addresses = app.Urls.Select(u => new Uri(u)).ToList();
        fake.IssuerBase = $"http://127.0.0.1:{addresses.Single(u => u.Scheme == "http").Port}";
        fake.ServiceUrl = $"https://127.0.0.1:{addresses.Single(u => u.Scheme == "https").Port}/";
        return fake;
    }

    /// <summary>A Bot Framework channel token for this app and service URL, valid for an hour from now, as Teams sends one.</summary>
    public string ChannelToken()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new Dictionary<string, object> { ["alg"] = "RS256", ["kid"] = _keyId, ["typ"] = "JWT", ["x5t"] = _keyId };
        var claims = new Dictionary<string, object>
        {
            ["serviceurl"] = ServiceUrl, ["nbf"] = now - 5, ["exp"] = now + 3600, ["iat"] = now - 5,
            ["iss"] = BotFrameworkIssuer, ["aud"] = AppId,
        };
        var input = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        return input + "." + Base64Url(_signingKey.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _signingKey.Dispose();
    }

    private Task HandleAsync(HttpContext context)
    {
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var method = context.Request.Method;
        if (!context.Request.IsHttps)
        {
            if (method == HttpMethods.Get && target == "/v1/.well-known/openidconfiguration")
                return JsonAsync(context, 200, new { issuer = BotFrameworkIssuer, jwks_uri = $"{IssuerBase}/v1/.well-known/keys", id_token_signing_alg_values_supported = new[] { "RS256" } });
            if (method == HttpMethods.Get && target == "/v1/.well-known/keys")
            {
                Interlocked.Increment(ref _keyFetches);
                var p = _signingKey.ExportParameters(false);
                return JsonAsync(context, 200, new
                {
                    keys = new[] { new { kty = "RSA", use = "sig", kid = _keyId, n = Base64Url(p.Modulus!), e = Base64Url(p.Exponent!), endorsements = new[] { ChannelId } } },
                });
            }
            if (method == HttpMethods.Post && target.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
                return TokenAsync(context);
            return JsonAsync(context, 404, new { error = "not_found" });
        }

        return ConnectorAsync(context, method, target);
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || form["client_id"] != AppId || form["client_secret"] != AppSecret)
        {
            await JsonAsync(context, 401, new { error = "invalid_client" });
            return;
        }
        Interlocked.Increment(ref _tokensIssued);
        await JsonAsync(context, 200, new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = _appToken });
    }

    /// <summary>Sends, replies and updates of activities; nothing else of the connector is needed here.</summary>
    private async Task ConnectorAsync(HttpContext context, string method, string target)
    {
        const string prefix = "/v3/conversations/";
        var path = target.Split('?', 2)[0];
        var parts = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..].Split('/') : [];
        var isActivities = parts.Length is 2 or 3 && parts[0].Length > 0 && parts[1] == "activities" && (parts.Length == 2 || parts[2].Length > 0);
        var allowed = isActivities && (method == HttpMethods.Post || (method == HttpMethods.Put && parts.Length == 3));
        if (!allowed)
        {
            Interlocked.Increment(ref _malformed);
            await JsonAsync(context, 404, new { error = new { code = "NotFound", message = "Only activities are served here." } });
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0 && authorization != "Bearer " + _appToken)
        {
            Interlocked.Increment(ref _unauthorized);
            await JsonAsync(context, 401, new { error = new { code = "Unauthorized", message = "Unknown token." } });
            return;
        }

        if (!await IsMessageAsync(context.Request))
        {
            Interlocked.Increment(ref _malformed);
            await JsonAsync(context, 400, new { error = new { code = "BadArgument", message = "Expected a message activity." } });
            return;
        }

        Interlocked.Increment(ref _activities);
        if (authorization.Length > 0) Interlocked.Increment(ref _signed);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync($$"""{"id":"1:{{Interlocked.Read(ref _activities)}}"}""");
    }

    private static async Task<bool> IsMessageAsync(HttpRequest request)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return body.RootElement.ValueKind == JsonValueKind.Object
                   && body.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "message";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Task JsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The connector's counters at one moment; subtract two to get what a run did.</summary>
/// <param name="Activities">Messages accepted (sent, replied, updated).</param>
/// <param name="Signed">Of those, sent with the app token.</param>
/// <param name="Unauthorized">Requests with a token that is not the app token (401).</param>
/// <param name="Malformed">Requests that were not an activity of a conversation, or not a message (400/404).</param>
/// <param name="TokensIssued">App tokens handed out.</param>
/// <param name="KeyFetches">Times the key set was fetched.</param>
public sealed record ConnectorCounts(long Activities, long Signed, long Unauthorized, long Malformed, long TokensIssued, long KeyFetches)
{
    public static ConnectorCounts operator -(ConnectorCounts a, ConnectorCounts b) => new(
        a.Activities - b.Activities, a.Signed - b.Signed, a.Unauthorized - b.Unauthorized, a.Malformed - b.Malformed,
        a.TokensIssued - b.TokensIssued, a.KeyFetches - b.KeyFetches);
}
