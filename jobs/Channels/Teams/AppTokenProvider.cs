using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OkrBot.Jobs.Channels.Teams;

/// <summary>An app token, or why there is none. <see cref="ToString"/> never shows the token.</summary>
public sealed class AppTokenResult
{
    private AppTokenResult(string? accessToken, bool succeeded, bool transient, int? statusCode, string reason)
    {
        AccessToken = accessToken;
        Succeeded = succeeded;
        IsTransient = transient;
        StatusCode = statusCode;
        Reason = reason;
    }

    /// <summary>Anonymous mode: no token, and none is needed.</summary>
    public static AppTokenResult Anonymous { get; } = new(null, true, false, null, "anonymous mode");

    /// <summary>The bearer token; null in anonymous mode or on failure.</summary>
    public string? AccessToken { get; }

    public bool Succeeded { get; }

    /// <summary>The token endpoint may answer later (timeout, 429, 5xx); otherwise the credentials or the setup are wrong.</summary>
    public bool IsTransient { get; }

    public int? StatusCode { get; }

    public string Reason { get; }

    internal static AppTokenResult Issued(string token) => new(token, true, false, 200, "issued");

    internal static AppTokenResult Failure(bool transient, int? statusCode, string reason) => new(null, false, transient, statusCode, reason);

    public override string ToString() => Succeeded ? $"AppToken({Reason})" : $"AppToken failed ({StatusCode}): {Reason}";
}

/// <summary>
/// The bot's app token for the Bot Connector: OAuth client credentials against <see cref="TeamsOptions.TokenEndpoint"/>,
/// cached until <see cref="BotConnectorOptions.TokenRefreshMargin"/> before it expires, fetched by one request at a time
/// however many sends wait for it. The secret goes only into the token request's form body: never into a log, an
/// exception or a result.
/// </summary>
public sealed partial class AppTokenProvider
{
    private readonly HttpClient _http;
    private readonly TeamsOptions _teams;
    private readonly BotConnectorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AppTokenProvider> _log;
    private readonly Lock _gate = new();
    private CachedToken? _token;
    private Task<AppTokenResult>? _fetch;

    public AppTokenProvider(HttpClient http, IOptions<TeamsOptions> teams, IOptions<BotConnectorOptions> options, TimeProvider time, ILogger<AppTokenProvider> log)
    {
        _http = http;
        _teams = teams.Value;
        _options = options.Value;
        _time = time;
        _log = log;
    }

    public bool IsAnonymous => _teams.IsAnonymous;

    /// <summary>The token endpoint with <c>{tenant}</c> filled in: the app's tenant, or botframework.com for multi-tenant bots.</summary>
    public Uri TokenEndpoint => new(_teams.TokenEndpoint.Replace("{tenant}",
        string.IsNullOrWhiteSpace(_teams.AppTenantId) ? "botframework.com" : Uri.EscapeDataString(_teams.AppTenantId.Trim()),
        StringComparison.OrdinalIgnoreCase));

    /// <summary>A valid token (cached, or fetched now); <see cref="AppTokenResult.Anonymous"/> without an app id. Never throws
    /// for HTTP failures; throws only when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task<AppTokenResult> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (IsAnonymous)
        {
            return AppTokenResult.Anonymous;
        }

        Task<AppTokenResult> fetch;
        lock (_gate)
        {
            if (_token is { } cached && _time.GetUtcNow() < cached.RefreshAt)
            {
                return AppTokenResult.Issued(cached.Value);
            }

            // One request at a time: everyone who needs a token while it is on its way waits for that same request.
            if (_fetch is null || _fetch.IsCompleted)
            {
                _fetch = FetchAsync();
            }

            fetch = _fetch;
        }

        return await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The connector refused this token (401): forget it, so the next call fetches a new one.</summary>
    public void Invalidate(string? accessToken)
    {
        lock (_gate)
        {
            if (accessToken is not null && _token?.Value == accessToken)
            {
                _token = null;
            }
        }
    }

    private async Task<AppTokenResult> FetchAsync()
    {
        await Task.Yield(); // never complete inside the lock that starts it
        var endpoint = TokenEndpoint;
        var result = await RequestAsync(endpoint).ConfigureAwait(false);
        lock (_gate)
        {
            if (result.Token is { } fresh)
            {
                _token = fresh;
                return AppTokenResult.Issued(fresh.Value);
            }

            // The refresh failed, but the old token has not expired yet: keep using it rather than fail the sends.
            if (_token is { } old && _time.GetUtcNow() < old.ExpiresAt - TimeSpan.FromSeconds(30))
            {
                LogRefreshFailedUsingOld(_log, endpoint.Host, result.Failure!.Reason, old.ExpiresAt);
                return AppTokenResult.Issued(old.Value);
            }

            return result.Failure!;
        }
    }

    private async Task<(CachedToken? Token, AppTokenResult? Failure)> RequestAsync(Uri endpoint)
    {
        var secret = _teams.AppSecret ?? "";
        using var timeout = new CancellationTokenSource(_options.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "client_credentials"),
                new("client_id", _teams.AppId!.Trim()),
                new("client_secret", secret),
                new("scope", _teams.TokenScope),
            ]),
        };

        try
        {
            var requestedAt = _time.GetUtcNow();
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var transient = status is 408 or 429 || status >= 500;
                var reason = Redact($"the token endpoint answered {status} {ErrorCodeOf(body) ?? response.ReasonPhrase}", secret);
                LogTokenRequestFailed(_log, endpoint.Host, status, ErrorCodeOf(body) is { } code ? Redact(code, secret) : null);
                return (null, AppTokenResult.Failure(transient, status, reason));
            }

            if (!TryReadToken(body, out var accessToken, out var expiresIn))
            {
                LogTokenResponseUnreadable(_log, endpoint.Host, status);
                return (null, AppTokenResult.Failure(false, status, $"the token endpoint answered {status} without an access_token"));
            }

            var lifetime = TimeSpan.FromSeconds(expiresIn);
            // Renew a few minutes early; a token that lives shorter than twice that margin is renewed at half its life.
            var early = lifetime > 2 * _options.TokenRefreshMargin ? _options.TokenRefreshMargin : lifetime / 2;
            LogTokenIssued(_log, endpoint.Host, lifetime);
            return (new CachedToken(accessToken, requestedAt + lifetime, requestedAt + lifetime - early), null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            LogTokenRequestBroken(_log, endpoint.Host, "timed out");
            return (null, AppTokenResult.Failure(true, null, $"the token request timed out after {_options.RequestTimeout}"));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // The exception's message names the host and the socket error; it cannot carry the form body.
            LogTokenRequestBroken(_log, endpoint.Host, e.GetType().Name);
            return (null, AppTokenResult.Failure(true, null, $"the token request failed: {e.GetType().Name}"));
        }
    }

    private static bool TryReadToken(string body, out string accessToken, out double expiresIn)
    {
        accessToken = "";
        expiresIn = 0;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(token.GetString()))
            {
                return false;
            }

            accessToken = token.GetString()!;
            // v2 endpoints answer a number; v1 answered a string. Missing: assume an hour, as Entra issues.
            expiresIn = doc.RootElement.TryGetProperty("expires_in", out var e) switch
            {
                true when e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var n) => n,
                true when e.ValueKind == JsonValueKind.String && double.TryParse(e.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var s) => s,
                _ => 3600,
            };
            expiresIn = Math.Clamp(expiresIn, 60, 24 * 3600);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The OAuth <c>error</c> field ("invalid_client"), if it is one short word; never the description.</summary>
    private static string? ErrorCodeOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                   && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
                   && e.GetString() is { Length: > 0 and <= 64 } code && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                ? code
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Redact(string text, string secret) =>
        secret.Length == 0 ? text : text.Replace(secret, "[redacted]", StringComparison.Ordinal);

    private sealed record CachedToken(string Value, DateTimeOffset ExpiresAt, DateTimeOffset RefreshAt)
    {
        public override string ToString() => $"CachedToken(expires {ExpiresAt:O})";
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "App token issued by {TokenHost}, valid for {Lifetime}")]
    private static partial void LogTokenIssued(ILogger logger, string tokenHost, TimeSpan lifetime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App token request to {TokenHost} failed with {StatusCode} {OAuthError}")]
    private static partial void LogTokenRequestFailed(ILogger logger, string tokenHost, int statusCode, string? oAuthError);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App token request to {TokenHost} answered {StatusCode} without an access_token")]
    private static partial void LogTokenResponseUnreadable(ILogger logger, string tokenHost, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App token request to {TokenHost} failed: {Failure}")]
    private static partial void LogTokenRequestBroken(ILogger logger, string tokenHost, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App token refresh from {TokenHost} failed ({Reason}); the current token stays in use until {ExpiresAt}")]
    private static partial void LogRefreshFailedUsingOld(ILogger logger, string tokenHost, string reason, DateTimeOffset expiresAt);
}
