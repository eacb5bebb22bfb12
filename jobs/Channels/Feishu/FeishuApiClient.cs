using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OkrBot.Jobs.Channels.Feishu;

/// <summary>
/// The Feishu/Lark open API calls OkrBot makes when it sends on its own: a card to a person (by open_id) and an update of
/// a card sent earlier. Every call returns a <see cref="FeishuOutcome"/>: HTTP and transport failures are classified, never
/// thrown (only the caller's own cancellation throws). Each call is one request: the delivery queue retries, durably and
/// within the tenant's rate limit. The one exception is a stale token: when Feishu refuses the tenant_access_token (99991663
/// and friends) the token is renewed and the request made once more, which is safe because a send carries a <c>uuid</c>
/// (Feishu delivers at most one message per uuid within an hour).
/// </summary>
public sealed partial class FeishuApiClient
{
    public const string MessagesPath = "open-apis/im/v1/messages";
    public const string UsersPath = "open-apis/contact/v3/users";
    public const string BotInfoPath = "open-apis/bot/v3/info";

    /// <summary>Seconds until the rate-limit window resets, on a throttled answer.</summary>
    public const string RateLimitResetHeader = "x-ogw-ratelimit-reset";

    /// <summary>Feishu's request log id, for support cases.</summary>
    public const string LogIdHeader = "X-Tt-Logid";

    /// <summary>The longest <c>uuid</c> Feishu accepts.</summary>
    public const int MaxUuidLength = 50;

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromHours(1);

    private readonly HttpClient _http;
    private readonly FeishuTokenProvider _tokens;
    private readonly FeishuOptions _options;
    private readonly ILogger<FeishuApiClient> _log;

    public FeishuApiClient(HttpClient http, FeishuTokenProvider tokens, IOptions<FeishuOptions> options, ILogger<FeishuApiClient> log)
    {
        _http = http;
        _tokens = tokens;
        _options = options.Value;
        _log = log;
    }

    /// <summary>
    /// <c>POST /open-apis/im/v1/messages?receive_id_type=open_id</c> with <c>msg_type</c> interactive: a card, into the
    /// person's 1:1 chat with the bot. <paramref name="cardJson"/> is the card (JSON 2.0) as text; it goes out as the string
    /// value of <c>content</c>, as Feishu wants it. <paramref name="uuid"/> (at most 50 characters) makes a repeat of the
    /// same send within an hour deliver nothing new: pass the delivery's id.
    /// </summary>
    public Task<FeishuOutcome> SendCardAsync(string openId, string cardJson, string uuid, CancellationToken cancellationToken = default) =>
        SendCardAsync("open_id", openId, cardJson, uuid, cancellationToken);

    /// <summary>
    /// The same into a chat (<c>receive_id_type=chat_id</c>): a group the bot was added to.
    /// </summary>
    public Task<FeishuOutcome> SendCardToChatAsync(string chatId, string cardJson, string uuid, CancellationToken cancellationToken = default) =>
        SendCardAsync("chat_id", chatId, cardJson, uuid, cancellationToken);

    /// <summary>
    /// <c>GET /open-apis/contact/v3/users/{open_id}?user_id_type=open_id</c>: a person as the organisation's contact directory has
    /// them (<see cref="FeishuOutcome.Data"/> holds <c>data.user</c>: <c>name</c>, <c>en_name</c>, <c>leader_user_id</c>, ...). Needs
    /// the app's contact permissions; without them Feishu answers a code, classified <see cref="FeishuOutcomeKind.Failed"/>.
    /// </summary>
    public Task<FeishuOutcome> GetUserAsync(string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(openId);
        return ExecuteAsync(new Call(FeishuOperation.GetUser, HttpMethod.Get,
            $"{UsersPath}/{Uri.EscapeDataString(openId)}?user_id_type=open_id&department_id_type=open_department_id", null, openId, null), cancellationToken);
    }

    /// <summary><c>GET /open-apis/bot/v3/info</c>: the bot itself (<see cref="FeishuOutcome.Data"/> holds <c>bot</c>: its <c>open_id</c>, <c>app_name</c>).</summary>
    public Task<FeishuOutcome> GetBotInfoAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync(new Call(FeishuOperation.GetBotInfo, HttpMethod.Get, BotInfoPath, null, null, null), cancellationToken);

    private Task<FeishuOutcome> SendCardAsync(string receiveIdType, string openId, string cardJson, string uuid, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(openId);
        ArgumentException.ThrowIfNullOrWhiteSpace(cardJson);
        ArgumentException.ThrowIfNullOrWhiteSpace(uuid);
        if (uuid.Length > MaxUuidLength) throw new ArgumentException($"Feishu takes a uuid of at most {MaxUuidLength} characters.", nameof(uuid));
        var body = new JsonObject { ["receive_id"] = openId, ["msg_type"] = "interactive", ["content"] = cardJson, ["uuid"] = uuid };
        return ExecuteAsync(new Call(FeishuOperation.SendCard, HttpMethod.Post, MessagesPath + "?receive_id_type=" + receiveIdType, body, openId, null),
            cancellationToken);
    }

    /// <summary>
    /// <c>PATCH /open-apis/im/v1/messages/{message_id}</c>: replaces a card the bot sent (within 14 days; before and after,
    /// the card needs <c>"config":{"update_multi":true}</c>). <paramref name="cardJson"/> goes out as the string <c>content</c>.
    /// </summary>
    public Task<FeishuOutcome> UpdateCardAsync(string messageId, string cardJson, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(cardJson);
        var body = new JsonObject { ["content"] = cardJson };
        return ExecuteAsync(new Call(FeishuOperation.UpdateCard, HttpMethod.Patch, $"{MessagesPath}/{Uri.EscapeDataString(messageId)}", body, null,
            messageId), cancellationToken);
    }

    private async Task<FeishuOutcome> ExecuteAsync(Call call, CancellationToken cancellationToken)
    {
        var body = call.Body is null ? null : System.Text.Encoding.UTF8.GetBytes(call.Body.ToJsonString());
        for (var attempt = 1; ; attempt++)
        {
            var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            if (!token.Succeeded)
            {
                var failed = call.Outcome(token.IsTransient ? FeishuOutcomeKind.Transient : FeishuOutcomeKind.Failed, attempt - 1,
                    $"no tenant_access_token: {token.Reason}");
                LogOutcome(failed, call.Target);
                return failed;
            }

            var (outcome, tokenRefused) = await TryOnceAsync(call, body, token.AccessToken!, attempt, cancellationToken).ConfigureAwait(false);
            if (tokenRefused)
            {
                _tokens.Invalidate(token.AccessToken);
                if (attempt == 1)
                {
                    LogTokenRefused(_log, call.Operation, call.Target, outcome.Code, outcome.LogId);
                    continue;
                }

                outcome = outcome with { Kind = FeishuOutcomeKind.Failed, Reason = $"Feishu refused a fresh tenant_access_token too ({outcome.Reason})" };
            }

            LogOutcome(outcome, call.Target);
            return outcome;
        }
    }

    /// <summary>One request, classified; <c>TokenRefused</c> when Feishu said the token is invalid or expired.</summary>
    private async Task<(FeishuOutcome Outcome, bool TokenRefused)> TryOnceAsync(Call call, byte[]? body, string token, int attempt,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(call.Method, new Uri(_options.ApiBase, call.RelativeUri));
        if (body is not null) request.Content = new ByteArrayContent(body) { Headers = { ContentType = Json } };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        int status;
        string text;
        TimeSpan? retryAfter;
        string? logId;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            retryAfter = RetryAfterOf(response);
            logId = response.Headers.TryGetValues(LogIdHeader, out var ids) ? ids.FirstOrDefault() : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (call.Outcome(FeishuOutcomeKind.Transient, attempt, $"no answer within {_options.RequestTimeout}"), false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var what = e is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } h ? h.HttpRequestError.ToString() : e.GetType().Name;
            return (call.Outcome(FeishuOutcomeKind.Transient, attempt, $"the connection failed: {what}"), false);
        }

        var answer = FeishuAnswer.Parse(text);
        var message = Redact(answer.Message, token);
        var outcome = call.Outcome(FeishuOutcomeKind.Failed, attempt, "") with
        {
            StatusCode = status, Code = answer.Code, RetryAfter = retryAfter, LogId = answer.LogId ?? logId,
        };
        var described = $"{status}{(answer.Code is { } c ? $" code {c}" : "")}{(message is null ? "" : $": {message}")}";
        var code = answer.Code ?? -1;

        if (status == 429 || FeishuCodes.Throttling.Contains(code))
            return (outcome with { Kind = FeishuOutcomeKind.Throttled, Reason = $"throttled ({described})" }, false);
        if (FeishuCodes.TokenInvalid.Contains(code) || (status == 401 && answer.Code is null))
            return (outcome with { Reason = $"the tenant_access_token was refused ({described})" }, true);
        if (status is >= 200 and < 300 && answer.Code == 0)
        {
            return (outcome with
            {
                Kind = FeishuOutcomeKind.Sent,
                MessageId = answer.MessageId ?? call.MessageId,
                ChatId = answer.ChatId,
                Data = call.Method == HttpMethod.Get ? FeishuAnswer.DataOf(text) : null,
                Reason = answer.MessageId is null && call.Operation == FeishuOperation.SendCard ? "sent, but the answer named no message_id" : "sent",
            }, false);
        }

        if (FeishuCodes.RecipientGone.Contains(code) || (call.Operation == FeishuOperation.UpdateCard && FeishuCodes.MessageGone.Contains(code)))
        {
            var what = call.Operation == FeishuOperation.UpdateCard ? "the message or its chat is gone" : "the person cannot be reached";
            return (outcome with { Kind = FeishuOutcomeKind.Gone, Reason = $"{what} ({described})" }, false);
        }

        if (status >= 500 || status == 408 || FeishuCodes.Transient.Contains(code))
            return (outcome with { Kind = FeishuOutcomeKind.Transient, Reason = described }, false);
        if (status is >= 200 and < 300 && answer.Code is null)
        {
            // A success status with something other than Feishu's JSON (a proxy's page, a cut-off body) or no code: whether it
            // went out is unknown. Trying again is safe: a send carries its uuid.
            var why = answer.Readable ? "without a code" : "with a body that is not Feishu's JSON";
            return (outcome with { Kind = FeishuOutcomeKind.Transient, Reason = $"Feishu answered {status} {why}" }, false);
        }

        return (outcome with { Reason = described }, false);
    }

    /// <summary><c>x-ogw-ratelimit-reset</c> (seconds), else a standard Retry-After; bounded.</summary>
    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        TimeSpan? wait = null;
        if (response.Headers.TryGetValues(RateLimitResetHeader, out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
            wait = TimeSpan.FromSeconds(Math.Clamp(seconds, 0, LongestRetryAfter.TotalSeconds));
        else if (response.Headers.RetryAfter?.Delta is { } delta)
            wait = delta;
        return wait is null ? null : wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestRetryAfter ? LongestRetryAfter : wait;
    }

    /// <summary>Whatever Feishu says is repeated in reasons and logs: make sure the app secret and the token never are.</summary>
    private string? Redact(string? text, string token)
    {
        if (text is null) return null;
        if (!string.IsNullOrEmpty(_options.AppSecret)) text = text.Replace(_options.AppSecret, "[redacted]", StringComparison.Ordinal);
        return text.Replace(token, "[redacted]", StringComparison.Ordinal);
    }

    private void LogOutcome(FeishuOutcome o, string? target)
    {
        if (o.IsSent) LogSent(_log, o.Operation, o.MessageId, o.StatusCode, o.Attempts);
        else LogNotSent(_log, o.Operation, target, o.Kind, o.StatusCode, o.Code, o.LogId, o.RetryAfter, o.Reason);
    }

    private sealed record Call(FeishuOperation Operation, HttpMethod Method, string RelativeUri, JsonObject? Body, string? OpenId, string? MessageId)
    {
        /// <summary>Whom or what the call is about, for logs: the person's open_id, or the message updated.</summary>
        public string? Target => OpenId ?? MessageId;

        public FeishuOutcome Outcome(FeishuOutcomeKind kind, int attempts, string reason) => new()
        {
            Kind = kind, Operation = Operation, Attempts = attempts, Reason = reason,
        };
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Feishu {Operation} for {Target}: the tenant_access_token was refused (code {Code}, log id {LogId}); renewing it and trying once more")]
    private static partial void LogTokenRefused(ILogger logger, FeishuOperation operation, string? target, int? code, string? logId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feishu {Operation} done: message {MessageId} ({StatusCode}) after {Attempts} request(s)")]
    private static partial void LogSent(ILogger logger, FeishuOperation operation, string? messageId, int? statusCode, int attempts);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Feishu {Operation} for {Target} ended {Outcome}: status {StatusCode}, code {Code}, log id {LogId}, retry after {RetryAfter}: {Reason}")]
    private static partial void LogNotSent(ILogger logger, FeishuOperation operation, string? target, FeishuOutcomeKind outcome, int? statusCode, int? code,
        string? logId, TimeSpan? retryAfter, string reason);
}
