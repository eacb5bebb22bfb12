using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OkrBot.Jobs.Channels.Feishu;

/// <summary>A tenant_access_token, or why there is none. <see cref="ToString"/> never shows the token.</summary>
public sealed class FeishuTokenResult
{
    private FeishuTokenResult(string? accessToken, bool transient, int? statusCode, int? code, string reason)
    {
        AccessToken = accessToken;
        IsTransient = transient;
        StatusCode = statusCode;
        Code = code;
        Reason = reason;
    }

    /// <summary>The bearer token; null on failure.</summary>
    public string? AccessToken { get; }

    public bool Succeeded => AccessToken is not null;

    /// <summary>The token endpoint may answer later (timeout, 429, 5xx, an unreadable answer); otherwise the app's setup is wrong.</summary>
    public bool IsTransient { get; }

    /// <summary>The HTTP status of the token endpoint's answer; null when none came.</summary>
    public int? StatusCode { get; }

    /// <summary>Feishu's <c>code</c> from the answer (10014, 10015, ...), when there was one.</summary>
    public int? Code { get; }

    /// <summary>Why there is no token. Never contains the app secret.</summary>
    public string Reason { get; }

    internal static FeishuTokenResult Issued(string token) => new(token, false, 200, 0, "issued");

    internal static FeishuTokenResult Failure(bool transient, int? statusCode, int? code, string reason) => new(null, transient, statusCode, code, reason);

    public override string ToString() => Succeeded ? "FeishuToken(issued)" : $"FeishuToken failed ({StatusCode}, code {Code}): {Reason}";
}

/// <summary>
/// The app's tenant_access_token (internal app): <c>POST /open-apis/auth/v3/tenant_access_token/internal</c> with the App ID
/// and App Secret, cached until <see cref="FeishuOptions.TokenRefreshMargin"/> before its <c>expire</c>, fetched by one request
/// at a time however many sends wait for it. <see cref="Invalidate"/> forgets a token the API refused, so the next caller
/// fetches a fresh one (still one request for all of them). HTTP and transport failures are results, never exceptions.
/// The secret goes only into the token request's body: never into a log, an exception or a result.
/// </summary>
public sealed partial class FeishuTokenProvider
{
    public const string TokenPath = "open-apis/auth/v3/tenant_access_token/internal";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly FeishuOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FeishuTokenProvider> _log;
    private readonly Lock _gate = new();
    private CachedToken? _token;
    private Task<FeishuTokenResult>? _fetch;

    public FeishuTokenProvider(HttpClient http, IOptions<FeishuOptions> options, TimeProvider time, ILogger<FeishuTokenProvider> log)
    {
        _http = http;
        _options = options.Value;
        _time = time;
        _log = log;
    }

    public Uri TokenEndpoint => new(_options.ApiBase, TokenPath);

    /// <summary>
    /// A valid token (cached, or fetched now). Never throws for HTTP failures; throws only when
    /// <paramref name="cancellationToken"/> is cancelled (the fetch itself goes on for the others waiting for it).
    /// </summary>
    public async Task<FeishuTokenResult> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (!_options.IsConfigured)
            return FeishuTokenResult.Failure(false, null, null, "Feishu:AppId is not configured");

        Task<FeishuTokenResult> fetch;
        lock (_gate)
        {
            if (_token is { } cached && _time.GetUtcNow() < cached.RefreshAt)
                return FeishuTokenResult.Issued(cached.Value);

            // One request at a time: everyone who needs a token while it is on its way waits for that same request.
            if (_fetch is null || _fetch.IsCompleted) _fetch = FetchAsync();
            fetch = _fetch;
        }

        return await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The API refused <paramref name="accessToken"/> (99991663 and friends): forget it, unless a newer one has replaced it
    /// already (several sends refused at once then share the one refresh the first of them started).
    /// </summary>
    public void Invalidate(string? accessToken)
    {
        lock (_gate)
        {
            if (accessToken is not null && _token?.Value == accessToken)
            {
                _token = null;
                LogInvalidated(_log, _options.AppId);
            }
        }
    }

    private async Task<FeishuTokenResult> FetchAsync()
    {
        await Task.Yield(); // never complete inside the lock that starts it
        var (fresh, failure) = await RequestAsync().ConfigureAwait(false);
        lock (_gate)
        {
            if (fresh is not null)
            {
                _token = fresh;
                return FeishuTokenResult.Issued(fresh.Value);
            }

            // The early renewal failed but the current token has not expired: keep using it rather than fail the sends.
            // (A token the API refused was forgotten by Invalidate, so it is never reused here.)
            if (_token is { } old && _time.GetUtcNow() < old.ExpiresAt - TimeSpan.FromSeconds(30))
            {
                LogRenewalFailedUsingOld(_log, _options.AppId, failure!.Reason, old.ExpiresAt);
                return FeishuTokenResult.Issued(old.Value);
            }

            return failure!;
        }
    }

    private async Task<(CachedToken? Token, FeishuTokenResult? Failure)> RequestAsync()
    {
        var appId = _options.AppId!.Trim();
        var secret = _options.AppSecret ?? "";
        var body = new JsonObject { ["app_id"] = appId, ["app_secret"] = secret }.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenEndpoint)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8) { Headers = { ContentType = Json } },
        };
        using var timeout = new CancellationTokenSource(_options.RequestTimeout);
        try
        {
            var requestedAt = _time.GetUtcNow();
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var answer = FeishuAnswer.Parse(text);
            var message = Redact(answer.Message, secret);

            if (answer.Code == 0 && response.IsSuccessStatusCode && TryToken(text, out var token, out var expire))
            {
                var lifetime = TimeSpan.FromSeconds(expire);
                // Renew a few minutes early; a token that lives shorter than twice that margin is renewed at half its life.
                var early = lifetime > 2 * _options.TokenRefreshMargin ? _options.TokenRefreshMargin : lifetime / 2;
                LogIssued(_log, _options.AppId, lifetime);
                return (new CachedToken(token, requestedAt + lifetime, requestedAt + lifetime - early), null);
            }

            // Throttled, the platform's trouble, or an answer that is not Feishu's (a proxy's error page): it may work later.
            // A readable refusal (10014 app unauthorized, 10015 wrong secret, ...) is the setup, and will not.
            var transient = status is 408 or 429 || status >= 500 || answer.Code is null || answer.Code == FeishuCodes.RateLimited;
            var reason = answer.Code is { } code
                ? $"the token endpoint answered {status} with code {code}{(message is null ? "" : $": {message}")}"
                : $"the token endpoint answered {status} without a token";
            LogRefused(_log, _options.AppId, status, answer.Code, message);
            return (null, FeishuTokenResult.Failure(transient, status, answer.Code, reason));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            LogBroken(_log, _options.AppId, "timed out");
            return (null, FeishuTokenResult.Failure(true, null, null, $"the token request timed out after {_options.RequestTimeout}"));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // The exception names the host and the socket error; it cannot carry the request body.
            var what = e is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } h ? h.HttpRequestError.ToString() : e.GetType().Name;
            LogBroken(_log, _options.AppId, what);
            return (null, FeishuTokenResult.Failure(true, null, null, $"the token request failed: {what}"));
        }
    }

    private static bool TryToken(string body, out string token, out double expire)
    {
        token = "";
        expire = 0;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("tenant_access_token", out var t) || t.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(t.GetString()))
                return false;
            token = t.GetString()!;
            // "expire": seconds the token has left (up to two hours; Feishu answers the current token while it has 30+ minutes).
            expire = root.TryGetProperty("expire", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var seconds) ? seconds : 7200;
            expire = Math.Clamp(expire, 60, 24 * 3600);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Redact(string? text, string secret) =>
        text is null || secret.Length == 0 ? text : text.Replace(secret, "[redacted]", StringComparison.Ordinal);

    private sealed record CachedToken(string Value, DateTimeOffset ExpiresAt, DateTimeOffset RefreshAt)
    {
        public override string ToString() => $"CachedToken(expires {ExpiresAt:O})";
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feishu tenant_access_token issued for app {AppId}, valid for {Lifetime}")]
    private static partial void LogIssued(ILogger logger, string? appId, TimeSpan lifetime);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feishu refused the tenant_access_token of app {AppId}; the next call fetches a new one")]
    private static partial void LogInvalidated(ILogger logger, string? appId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feishu tenant_access_token request for app {AppId} answered {StatusCode}, code {Code}: {FeishuMessage}")]
    private static partial void LogRefused(ILogger logger, string? appId, int statusCode, int? code, string? feishuMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feishu tenant_access_token request for app {AppId} failed: {Failure}")]
    private static partial void LogBroken(ILogger logger, string? appId, string failure);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Feishu tenant_access_token renewal for app {AppId} failed ({Reason}); the current token stays in use until {ExpiresAt}")]
    private static partial void LogRenewalFailedUsingOld(ILogger logger, string? appId, string reason, DateTimeOffset expiresAt);
}
